package dev.streamguard.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture gives the same bytes, failure and report whatever the chunking, through every adapter (the pull adapter
 * both as an {@code InputStream} and moving its output out where the upstream buffered it).
 */
class DeviationChunkingPropertyTest {
    static Stream<Fixture> fixtures() {
        return Fixture.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sameOutputWhateverTheChunking(Fixture f) {
        GuardRun reference = f.run();
        assertEquals(f.expected, reference.text(), "unchunked");
        for (int seed = 0; seed < 60; seed++) {
            Chunking chunking = seed == 0 ? Chunking.everyByte() : Chunking.random(seed, 1 + seed * 3);
            for (GuardRun.Adapter adapter : GuardRun.Adapter.values()) {
                GuardRun run = f.run(adapter, chunking);
                String where = f.name + " seed " + seed + " " + adapter;
                assertEquals(reference.text(), run.text(), where);
                assertEquals(String.valueOf(reference.failure), String.valueOf(run.failure), where);
                assertEquals(reference.report.deviations(), run.report.deviations(), where);
                assertEquals(reference.report.outcome(), run.report.outcome(), where);
                if (reference.failure == null) {
                    // After a mid-stream failure, how much of the upstream had been read depends on the chunking.
                    assertEquals(reference.report.bytesIn(), run.report.bytesIn(), where);
                }
                assertEquals(reference.report.bytesOut(), run.report.bytesOut(), where);
            }
        }
    }
}
