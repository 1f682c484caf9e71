package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_START;
import static dev.streamguard.anthropic.AnthropicEvents.named;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Protocol;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D40: Anthropic error without an event name or type")
class UntypedErrorRuleTest {
    @Test
    void theErrorBecomesTheReferenceErrorEvent() {
        GuardRun run = assertFixture("anthropic/d40-untyped-error");
        assertEquals("Overloaded", NaiveAnthropicClient.read(run.text()).error);
        assertEquals(Protocol.ANTHROPIC_MESSAGES, run.report.protocol());
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.report.failureCause());
        assertEquals("streamguard: upstream error: Overloaded", run.report.failureMessage());
        assertFalse(run.report.failureRaised());
    }

    @Test
    void withoutTheGuardTheErrorIsLostAndTheStreamLooksCut() {
        NaiveAnthropicClient client = NaiveAnthropicClient.read(Fixture.load("anthropic/d40-untyped-error").input);
        assertNull(client.error);
        assertFalse(client.stopped);
    }

    /** The error ends the stream: what the upstream sends after it never reaches the client. */
    @Test
    void theErrorIsTheEnd() {
        Fixture f = Fixture.load("anthropic/d40-untyped-error");
        GuardRun run = GuardRun.enforce(f.input + "data: [DONE]\n\n");
        assertEquals(f.expected, run.text());
        assertEquals(Map.of(Deviation.D40, 1, Deviation.D13, 1), run.report.deviations());
    }

    /**
     * Recognition: after message_start the stream is Anthropic and the error is rewritten (above). As the body's
     * very first event the same error shows no protocol but OpenAI's error chunk (D12), and fails the stream with
     * the upstream's message: a clear end either way.
     */
    @Test
    void asTheFirstEventTheErrorFailsTheStreamWithItsMessage() {
        GuardRun run = GuardRun.enforce("data: {\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.failure.reason());
        assertEquals("streamguard: upstream error: Overloaded", run.failure.getMessage());
    }

    /** Named error but no type: only the type is missing. An empty error object is no error (D30's values). */
    @Test
    void aNamedErrorGetsItsTypeAndAnEmptyErrorIsNone() {
        String named = named("error", "{\"error\":{\"type\":\"api_error\",\"message\":\"Internal\"}}");
        GuardRun run = GuardRun.enforce(MESSAGE_START + named);
        assertEquals(MESSAGE_START + named("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal\"}}"), run.text());
        assertEquals("streamguard: upstream error: Internal", run.report.failureMessage());
        String empty = "data: {\"error\":{}}\n\n";
        GuardRun none = GuardRun.enforce(MESSAGE_START + empty);
        assertEquals(StreamGuardException.Cause.TRUNCATED, none.failure.reason());
        assertEquals(MESSAGE_START + empty, none.text());
    }
}
