package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("G3: Gemini function calls over a cap")
class FunctionCallRuleTest {
    @Test
    void aWholeCallOverTheCallCapFails() {
        assertFixture("gemini/g3-call-cap");
    }

    @Test
    void aCallStreamedInPartsIsCappedAcrossItsParts() {
        assertFixture("gemini/g3-streamed-call-cap");
    }

    /** The two calls of the fixture, with one call allowed: the second is one too many. */
    @Test
    void callsCountAgainstTheCallsCap() {
        Fixture f = Fixture.load("gemini/compliant-function-calls");
        GuardRun run = GuardRun.pull(f.input, GuardRun.config("tool-calls.max=1"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: the stream started more than 1 tool calls (streamguard.tool-calls.max); function call 1"
                + " (get_weather) would be call 2", run.failure.getMessage());
        assertEquals(Map.of(Deviation.D20, 1, Deviation.G3, 1), run.report.deviations());
    }

    /** Both calls' arguments count for the stream: 35 and 34 bytes against a budget of 64. */
    @Test
    void callsShareTheStreamsBudget() {
        Fixture f = Fixture.load("gemini/compliant-function-calls");
        GuardRun run = GuardRun.pull(f.input, GuardRun.config("tool-args.max-stream-bytes=64B"), null, Chunking.whole());
        assertEquals("streamguard: tool arguments of the stream exceeded 64B (streamguard.tool-args.max-stream-bytes) at function"
                + " call 1 (get_weather)", run.failure.getMessage());
        assertEquals(Map.of(Deviation.D20, 1, Deviation.G3, 1), run.report.deviations());
    }
}
