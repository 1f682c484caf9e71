package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D41: a tool_use block still open when the message ends")
class OpenToolBlockAtMessageEndTest {
    /**
     * The exact input that passed as complete: a cut input, no content_block_stop, a message_delta with
     * stop_reason tool_use, the end of the body. The guard once added message_stop and the clients took {@code {}}
     * or nothing as the arguments; the block-end checks now run at the message_delta.
     */
    @Test
    void aCutInputFailsWhenTheMessageEnds() {
        assertFixture("anthropic/d41-cut-input-at-message-delta");
    }

    @Test
    void aCutInputFailsWhenMessageStopEndsItToo() {
        Fixture f = Fixture.load("anthropic/d41-cut-input-at-message-delta");
        GuardRun run = GuardRun.enforce(f.input.replace("event: message_delta", "event: message_stop")
                .replace("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}",
                        "{\"type\":\"message_stop\"}"));
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, run.failure.reason());
        assertEquals(f.failureMessage, run.failure.getMessage());
    }

    @Test
    void aWholeInputGetsTheMissingBlockStop() {
        GuardRun run = assertFixture("anthropic/d41-block-without-stop");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals("{\"city\":\"Paris\"}", client.block(0).inputJson.toString());
        assertEquals(java.util.List.of(), client.errors);
    }

    /** An open block whose input was lost (D17) is checked against the request's schema when the message ends. */
    @Test
    void aLostInputIsFoundWhenTheMessageEnds() {
        Fixture f = Fixture.load("anthropic/d41-block-without-stop");
        String noInput = f.input.replaceAll("event: content_block_delta\ndata: [^\n]*\n\n", "");
        GuardRun run = GuardRun.enforce(noInput, Fixture.load("anthropic/d17-lost-input-required").request);
        assertEquals(StreamGuardException.Cause.MISSING_TOOL_INPUT, run.failure.reason());
        assertEquals(Map.of(Deviation.D17, 1, Deviation.D41, 1), run.report.deviations());
    }

    /** The end of the body after a stop reason closes an open block too, before the message_stop the guard adds (D19). */
    @Test
    void theEndOfTheBodyEndsAnOpenBlockBeforeTheAddedMessageStop() {
        Fixture f = Fixture.load("anthropic/d41-block-without-stop");
        String body = f.input.substring(0, f.input.indexOf("event: message_stop"));
        GuardRun run = GuardRun.enforce(body);
        assertEquals(null, run.failure);
        assertEquals(f.expected, run.text());
        assertEquals(Map.of(Deviation.D41, 1, Deviation.D19, 1), run.report.deviations());
        assertFalse(NaiveAnthropicClient.read(run.text()).errors.iterator().hasNext());
    }
}
