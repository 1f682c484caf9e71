package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D11: finish_reason stop (or empty) after tool calls")
class FinishReasonRuleTest {
    @Test
    void stopAfterToolCallsBecomesToolCalls() {
        GuardRun run = assertFixture("openai/d11-stop-after-tool-calls");
        assertEquals(List.of("tool_calls"), NaiveOpenAiClient.read(run.text()).finishReasons);
        assertEquals(List.of("stop"), NaiveOpenAiClient.read(Fixture.load("openai/d11-stop-after-tool-calls").input).finishReasons);
    }

    @Test
    void anEmptyReasonIsNoFinishUntilTheChunkThatOnlyFinishes() {
        GuardRun run = assertFixture("openai/d11-empty-finish-reason");
        assertEquals(List.of("tool_calls"), NaiveOpenAiClient.read(run.text()).finishReasons);
    }

    @Test
    void stopWithoutToolCallsStaysStop() {
        GuardRun run = assertFixture("openai/compliant-text");
        assertEquals(List.of("stop"), NaiveOpenAiClient.read(run.text()).finishReasons);
    }

    @Test
    void stopOnTheChunkThatCarriesTheToolCallBecomesToolCalls() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body.replace("[{\"id\"", "[{\"index\":0,\"id\"").replace("\"stop\"", "\"tool_calls\""), run.text());
        assertEquals(Map.of(Deviation.D6, 1, Deviation.D11, 1), run.report.deviations());
    }
}
