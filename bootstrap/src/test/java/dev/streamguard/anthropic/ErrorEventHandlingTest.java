package dev.streamguard.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Setting {@code anthropic.error-event}: an Anthropic {@code error} event passes to an SDK that raises it as its
 * own typed error (read from an InputStream), and fails the stream with its message where the body is pushed to
 * a reactive reader (Spring AI 1.x on WebClient drops the event and completes).
 */
@DisplayName("Anthropic error events: passed to the SDK, or failed for reactive readers")
class ErrorEventHandlingTest {
    private static final String OVERLOADED = "streamguard: upstream error: Overloaded";
    /** What the upstream sent before its error event, as the fixture has it. */
    private static final String BEFORE_THE_ERROR = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial\"}}\n\n";

    private static String errorEvent() {
        return Fixture.load("anthropic/error-event").input;
    }

    @Test
    void theFixtureIsTheStreamBeforeTheErrorAndTheErrorEvent() {
        assertTrue(errorEvent().startsWith(BEFORE_THE_ERROR + "event: error\n"), errorEvent());
    }

    @Test
    void byDefaultAnInputStreamReaderGetsTheEventAsItCame() {
        GuardRun run = GuardRun.pull(errorEvent(), GuardRun.config(""), null, Chunking.whole());
        assertNull(run.failure);
        assertEquals(errorEvent(), run.text());
        assertEquals(OVERLOADED, run.report.failureMessage());
        assertFalse(run.report.failureRaised());
    }

    @Test
    void byDefaultAReactiveReaderGetsEverythingBeforeTheEventThenTheFailure() {
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte(), Chunking.random(7, 40)}) {
            GuardRun run = GuardRun.push(errorEvent(), GuardRun.config(""), null, chunking, true);
            assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.failure.reason(), "chunking " + chunking);
            assertEquals(OVERLOADED, run.failure.getMessage());
            assertEquals(BEFORE_THE_ERROR, run.text(), "chunking " + chunking);
            assertTrue(run.report.failureRaised());
        }
    }

    @Test
    void byDefaultAPushedBodyThatIsNotReactiveGetsTheEvent() {
        GuardRun run = GuardRun.push(errorEvent(), GuardRun.config(""), null, Chunking.whole(), false);
        assertNull(run.failure);
        assertEquals(errorEvent(), run.text());
    }

    @Test
    void failFailsEveryReaderAndPassFailsNone() {
        GuardRun pulled = GuardRun.pull(errorEvent(), GuardRun.config("anthropic.error-event=fail"), null, Chunking.whole());
        assertEquals(OVERLOADED, pulled.failure.getMessage());
        assertEquals(BEFORE_THE_ERROR, pulled.text());
        GuardRun pushed = GuardRun.push(errorEvent(), GuardRun.config("anthropic.error-event=pass"), null, Chunking.whole(), true);
        assertNull(pushed.failure);
        assertEquals(errorEvent(), pushed.text());
        assertEquals(OVERLOADED, pushed.report.failureMessage());
    }

    /** The errors the guard rewrites into the reference event (D31, D40) fail the same way, with their message. */
    @Test
    void repairedErrorsFailAReactiveReaderWithTheirMessage() {
        GuardRun flat = GuardRun.push(Fixture.load("anthropic/d31-flat-error-event").input, GuardRun.config(""), null, Chunking.whole(), true);
        assertEquals("streamguard: upstream error: Requests rate limit exceeded, please try again later. (Throttling.RateQuota)",
                flat.failure.getMessage());
        GuardRun untyped = GuardRun.push(Fixture.load("anthropic/d40-untyped-error").input, GuardRun.config(""), null, Chunking.whole(), true);
        assertEquals(OVERLOADED, untyped.failure.getMessage());
        assertFalse(untyped.text().contains("error"), untyped.text());
    }

    /**
     * Over the corpus, through the push adapter to a reactive reader under every chunking: the error fixtures
     * fail as their {@code .reactive.failure} says, after everything before the error; every other fixture
     * reads as its {@code .expected.sse} and {@code .failure} say, as for any reader.
     */
    @Test
    void aReactiveReaderGetsEveryFixtureAsAnyReaderButTheErrorEvents() {
        int errors = 0;
        for (Fixture f : Fixture.all()) {
            for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte(), Chunking.random(11, 64)}) {
                GuardRun run = GuardRun.push(f.input, f.guardConfig(), f.request, chunking, true);
                String where = f.name + " chunking " + chunking;
                if (f.reactiveFailureMessage != null) {
                    assertEquals(f.reactiveFailureCause, run.failure == null ? null : run.failure.reason(), where);
                    assertEquals(f.reactiveFailureMessage, run.failure.getMessage(), where);
                    assertEquals(f.expectedBeforeReactiveFailure(), run.text(), where);
                } else {
                    assertEquals(f.failureMessage, run.failure == null ? null : run.failure.getMessage(), where);
                    assertEquals(f.expected, run.text(), where);
                }
            }
            errors += f.reactiveFailureMessage != null ? 1 : 0;
        }
        assertEquals(4, errors, "the Anthropic error fixtures: error-event, d31 (two), d40");
    }

    @Test
    void observeLetsTheEventThroughAndReportsWhatEnforceWouldHaveDone() {
        GuardRun run = GuardRun.push(errorEvent(), GuardRun.config("mode=observe,anthropic.error-event=fail"), null, Chunking.whole(), true);
        assertNull(run.failure);
        assertEquals(errorEvent(), run.text());
        assertEquals(OVERLOADED, run.report.failureMessage());
        assertFalse(run.report.failureRaised());
    }
}
