package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D30: an empty error member on every chunk")
class EmptyErrorRuleTest {
    @Test
    void nullFalseAndEmptyObjectAreNoErrorAndAreRemoved() {
        GuardRun run = assertFixture("openai/d30-empty-error");
        assertEquals("Hello", NaiveOpenAiClient.read(run.text()).content.toString());
    }

    @Test
    void anEmptyStringOrArrayIsNoErrorEither() {
        for (String empty : new String[] {"\"\"", "[]", "{ }", "null"}) {
            String chunk = "data: {\"error\":" + empty + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n";
            GuardRun run = GuardRun.enforce(chunk + "data: [DONE]\n\n");
            assertNull(run.failure, empty);
            assertEquals(chunk.replace("\"error\":" + empty + ",", "") + "data: [DONE]\n\n", run.text(), empty);
        }
    }

    @Test
    void anErrorWithContentIsStillAnError() {
        for (String error : new String[] {"{\"message\":\"busy\"}", "\"busy\"", "true"}) {
            GuardRun run = GuardRun.enforce("data: {\"choices\":[],\"error\":" + error + "}\n\n");
            assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.failure.reason(), error);
        }
    }
}
