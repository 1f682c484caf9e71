package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D4: the full function name repeated on every delta")
class RepeatedFunctionNameRuleTest {
    @Test
    void exactRepeatsOfTheNameAreDropped() {
        GuardRun run = assertFixture("openai/d04-repeated-name");
        assertEquals("get_weather", NaiveOpenAiClient.read(run.text()).call(0).name.toString());
    }

    @Test
    void withoutTheGuardTheNameIsAppended() {
        String raw = Fixture.load("openai/d04-repeated-name").input;
        assertEquals("get_weatherget_weatherget_weather", NaiveOpenAiClient.read(raw).call(0).name.toString());
    }

    @Test
    void aGenuineNameFragmentPassesUnchanged() {
        GuardRun run = assertFixture("openai/d04-name-fragments");
        assertEquals("get_weather", NaiveOpenAiClient.read(run.text()).call(0).name.toString());
    }

    @Test
    void aRepeatOfTheWholeNameAfterFragmentsIsDropped() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"get_\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"weather\"}}]},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"
                + "data: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(1, run.report.count(Deviation.D4));
        assertEquals("get_weather", NaiveOpenAiClient.read(run.text()).call(0).name.toString());
        assertEquals("{}", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }
}
