package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D6: tool-call deltas without index")
class MissingToolCallIndexRuleTest {
    @Test
    void eachNewIdGetsTheNextIndex() {
        GuardRun run = assertFixture("openai/d06-missing-index");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("get_weather", client.call(0).name.toString());
        assertEquals("get_time", client.call(1).name.toString());
        assertEquals("{}", client.call(1).arguments.toString());
    }

    @Test
    void withoutTheGuardOpenAiJavaFailsOnTheMissingIndex() {
        NaiveOpenAiClient client = NaiveOpenAiClient.read(Fixture.load("openai/d06-missing-index").input);
        assertTrue(client.errors.contains("`index` is not set"));
    }

    @Test
    void continuationsWithoutIndexOrIdBelongToTheLatestCall() {
        GuardRun run = assertFixture("openai/d06-missing-index-continuations");
        assertEquals("{\"city\":\"Paris\"}", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }

    @Test
    void anIndexThatIsNotANumberIsReplaced() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":null,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"
                + "data: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body.replace("\"index\":null", "\"index\":0"), run.text());
        assertEquals(1, run.report.count(Deviation.D6));
    }
}
