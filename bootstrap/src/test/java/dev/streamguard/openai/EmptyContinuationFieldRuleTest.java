package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D5: empty id, type and name on continuation deltas")
class EmptyContinuationFieldRuleTest {
    @Test
    void emptyStringsAreDroppedFromContinuations() {
        GuardRun run = assertFixture("openai/d05-empty-continuation-fields");
        NaiveOpenAiClient.Call call = NaiveOpenAiClient.read(run.text()).call(0);
        assertEquals("function", call.type.toString());
        assertEquals("call_1", call.id.toString());
        assertEquals("{\"city\":\"Paris\"}", call.arguments.toString());
    }

    @Test
    void nullFieldsOnContinuationsAreDroppedToo() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":null,\"type\":null,\"function\":{\"name\":null,\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"
                + "data: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body.replace("\"id\":null,\"type\":null,\"function\":{\"name\":null,", "\"function\":{"), run.text());
        assertEquals(3, run.report.count(Deviation.D5));
    }
}
