package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Protocol;
import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D12: an error object in an OpenAI stream")
class UpstreamErrorTest {
    @Test
    void theStreamFailsWithTheUpstreamMessageAfterTheEventsBeforeIt() {
        GuardRun run = assertFixture("openai/d12-upstream-error");
        assertEquals(true, run.report.failureRaised());
    }

    @Test
    void anErrorAsTheFirstEventIsRecognisedAsAnOpenAiError() {
        GuardRun run = GuardRun.enforce("data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}\n\n");
        assertNotNull(run.failure);
        assertEquals("streamguard: upstream error: Rate limit reached", run.failure.getMessage());
        assertEquals(Protocol.OPENAI_CHAT, run.report.protocol());
        assertEquals("", run.text());
    }

    @Test
    void vllmTopLevelErrorObjectAndStringErrorsAreRecognised() {
        String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
        GuardRun objectError = GuardRun.enforce(chunk + "data: {\"object\":\"error\",\"message\":\"bad \\u00e9\\\"quote\\\"\",\"code\":400}\n\n");
        assertEquals("streamguard: upstream error: bad \u00e9\"quote\"", objectError.failure.getMessage());
        GuardRun stringError = GuardRun.enforce(chunk + "data: {\"error\":\"upstream timed out\"}\n\n");
        assertEquals("streamguard: upstream error: upstream timed out", stringError.failure.getMessage());
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, stringError.failure.reason());
    }

    @Test
    void aNullErrorFieldIsNotAnError() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}],\"error\":null}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(null, run.failure);
        assertEquals(body.replace(",\"error\":null", ""), run.text(), "D30 removes the empty error member");
    }

    @Test
    void aLongMessageIsShortenedAndControlCharactersRemoved() {
        String longMessage = "x".repeat(1000);
        GuardRun run = GuardRun.enforce("data: {\"error\":{\"message\":\"line\\nbreak " + longMessage + "\"}}\n\n");
        String message = run.failure.getMessage();
        assertEquals("streamguard: upstream error: line break " + "x".repeat(289) + "...", message);
    }
}
