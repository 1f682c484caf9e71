package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.atUrl;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Protocol;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R4: a Responses error event or response.failed")
class ErrorEventRuleTest {
    @Test
    void aFlatErrorEventFailsWithItsMessageAndCode() {
        assertFixture("responses/r4-error-event");
    }

    @Test
    void responseFailedFailsWithItsErrorsMessageAndCode() {
        assertFixture("responses/r4-response-failed");
    }

    /** An error object in another shape, without a type, is the same failure. */
    @Test
    void anErrorObjectWithoutTypeFailsToo() {
        GuardRun run = GuardRun.enforce(CREATED + "data: {\"error\":{\"message\":\"upstream timeout\",\"code\":504}}\n\n");
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.failure.reason());
        assertEquals("streamguard: upstream error: upstream timeout (504)", run.failure.getMessage());
        assertEquals(CREATED, run.text());
    }

    /**
     * An error that opens the stream is the Responses protocol's where the request went to a Responses endpoint
     * (or the event carries a sequence number), not Anthropic's.
     */
    @Test
    void anErrorThatOpensAResponsesStreamIsRecognised() {
        String error = "event: error\ndata: {\"type\":\"error\",\"code\":\"invalid_prompt\",\"message\":\"Bad prompt\",\"param\":null}\n\n";
        GuardRun run = atUrl("http://h/v1/responses", error);
        assertEquals(Protocol.OPENAI_RESPONSES, run.report.protocol());
        assertEquals("streamguard: upstream error: Bad prompt (invalid_prompt)", run.failure.getMessage());
        assertEquals(Map.of(Deviation.R4, 1), run.report.deviations());
        GuardRun sequenced = GuardRun.enforce(error.replace("\"param\":null", "\"param\":null,\"sequence_number\":0"));
        assertEquals(Protocol.OPENAI_RESPONSES, sequenced.report.protocol());
        assertEquals(Protocol.ANTHROPIC_MESSAGES, atUrl("http://h/v1/messages", error).report.protocol());
    }
}
