package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Invalid JSON only reported, where configured so: the stream goes on, and R6 says it. */
    @Test
    void invalidJsonIsReportedWhereConfigured() {
        GuardRun run = GuardRun.pull(dev.streamguard.testing.Fixture.load("responses/r6-invalid-json-at-done").input,
                GuardRun.config("tool-args.invalid-json=report"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.TRUNCATED, run.failure.reason());
        assertEquals(Map.of(Deviation.R6, 1, Deviation.D21, 1, Deviation.R2, 1), run.report.deviations());
    }
}
