package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.config.Mode;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** enforce repairs and fails; observe reports the same and changes nothing; off does not look. */
class ModesTest {
    static Stream<Fixture> fixtures() {
        return Fixture.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void observeLetsEveryBytePassAndReportsWhatEnforceWouldDo(Fixture f) {
        GuardRun enforce = GuardRun.pull(f.input, f.guardConfig("enforce"), f.request, Chunking.whole());
        GuardRun observe = GuardRun.pull(f.input, f.guardConfig("observe"), f.request, Chunking.random(11, 97));
        assertEquals(f.input, observe.text());
        assertNull(observe.failure);
        assertEquals(Mode.OBSERVE, observe.report.mode());
        assertEquals(enforce.report.failureCause(), observe.report.failureCause());
        assertEquals(enforce.report.failureMessage(), observe.report.failureMessage());
        assertEquals(false, observe.report.failureRaised());
        assertEquals(enforce.report.deviations(), observe.report.deviations());
        assertEquals(enforce.report.capsHit(), observe.report.capsHit());
        assertEquals(enforce.report.protocol(), observe.report.protocol());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void offPassesEveryByteAndAnalysesNothing(Fixture f) {
        for (boolean push : new boolean[] {false, true}) {
            GuardRun off = push ? GuardRun.push(f.input, f.guardConfig("off"), f.request, Chunking.random(5, 64))
                    : GuardRun.pull(f.input, f.guardConfig("off"), f.request, Chunking.random(5, 64));
            assertEquals(f.input, off.text());
            assertNull(off.failure);
            assertEquals(Protocol.UNKNOWN, off.report.protocol());
            assertEquals(0, off.report.deviations().size());
            assertEquals(f.input.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, off.report.bytesOut());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void enforceRaisesExactlyWhenTheFixtureExpectsAFailure(Fixture f) {
        GuardRun enforce = f.run();
        assertEquals(f.failureCause, enforce.failure == null ? null : enforce.failure.reason());
        assertEquals(f.failureCause != null, enforce.report.failureRaised());
    }
}
