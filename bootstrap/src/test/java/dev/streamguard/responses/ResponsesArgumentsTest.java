package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.argumentsDone;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.responses.ResponsesEvents.itemDone;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R6: Responses function call arguments over a cap or not valid JSON")
class ResponsesArgumentsTest {
    @Test
    void argumentsOverTheCallCapFailBeforeTheyReachTheClient() {
        assertFixture("responses/r6-call-cap");
    }

    @Test
    void unfinishedArgumentsFailAtTheirDone() {
        assertFixture("responses/r6-invalid-json-at-done");
    }

    /** The stream's budget holds across calls, as for the other protocols. */
    @Test
    void theStreamCapHoldsAcrossCalls() {
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, "[" + "1,".repeat(30) + "1]")
                + added(3, 1, call("fc_2", "in_progress", "")) + delta(4, "fc_2", 1, "[" + "1,".repeat(30) + "1]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-stream-bytes=100B"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: tool arguments of the stream exceeded 100B (streamguard.tool-args.max-stream-bytes) at function_call"
                + " output item 1 (get_weather)", run.failure.getMessage());
        assertEquals(Map.of(Deviation.R6, 1, Deviation.D20, 1), run.report.deviations());
    }

    /** Invalid JSON only reported, where configured so: the stream goes on to its end, and R6 says it. */
    @Test
    void invalidJsonIsReportedWhereConfigured() {
        String unfinished = "{\\\"city\\\":\\\"Paris\\\"";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, unfinished)
                + argumentsDone(3, "fc_1", 0, unfinished) + completed(4, "[" + call("fc_1", "completed", unfinished) + "]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.invalid-json=report"), null, Chunking.whole());
        assertNull(run.failure);
        assertEquals(body, run.text());
        assertEquals(Map.of(Deviation.R6, 1, Deviation.D21, 1), run.report.deviations());
    }

    /**
     * The whole arguments that the done events restate count for what they hold beyond the fragments: a call
     * that streamed {} and restates 101 bytes fails at the call's cap there.
     */
    @Test
    void restatedArgumentsCountAgainstTheCaps() {
        String big = "[" + "1,".repeat(49) + "1]";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, "{}") + argumentsDone(3, "fc_1", 0, big);
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-bytes=64B"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: function_call output item 0 (get_weather) arguments exceeded 64B (streamguard.tool-args.max-bytes)"
                + " at 101 bytes", run.failure.getMessage());
        assertEquals(Map.of(Deviation.R6, 1, Deviation.D20, 1), run.report.deviations());
    }

    /** Restated arguments that differ from the fragments are checked as JSON themselves. */
    @Test
    void restatedArgumentsThatAreNotJsonFail() {
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, "{}") + argumentsDone(3, "fc_1", 0, "{");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, run.failure.reason());
        assertEquals("streamguard: function_call output item 0 (get_weather) arguments as restated at the call's end are unfinished JSON: "
                + "it ends with an unclosed object after 1 bytes", run.failure.getMessage());
    }

    /**
     * The arguments are restated up to three times (the done event, the item's done event, the completed response);
     * one that differs from the restatement before it is checked again, even at the same length.
     */
    @Test
    void aRestatementUnlikeTheOneBeforeIsCheckedAgain() {
        String whole = "{\\\"a\\\":1}";
        String cut = "{\\\"a\\\":[}";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, whole) + argumentsDone(3, "fc_1", 0, whole)
                + itemDone(4, 0, call("fc_1", "completed", cut));
        GuardRun run = GuardRun.enforce(body);
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, run.failure.reason());
        assertEquals("streamguard: function_call output item 0 (get_weather) arguments as restated at the call's end are not valid JSON: "
                + "'}' at byte 6: a value was expected", run.failure.getMessage());
    }

    /** The same restatement again adds nothing to the caps: a call restated twice at 101 bytes is charged 101 bytes once. */
    @Test
    void aRestatementRepeatedIsChargedOnce() {
        String big = "[" + "1,".repeat(49) + "1]";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, "{}") + argumentsDone(3, "fc_1", 0, big)
                + itemDone(4, 0, call("fc_1", "completed", big)) + completed(5, "[" + call("fc_1", "completed", big) + "]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-stream-bytes=150B"), null, Chunking.whole());
        assertNull(run.failure);
        assertEquals(body, run.text());
        assertEquals(Map.of(), run.report.deviations());
    }
}
