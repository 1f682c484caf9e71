package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamCountersTest {
    @Test
    void eachKindOfStreamLandsInItsCounters() {
        StreamCounters c = new StreamCounters();
        c.add(ObserveTestReports.report(ObserveTestReports.REPAIRED));
        c.add(ObserveTestReports.report(ObserveTestReports.TRUNCATED));
        c.add(ObserveTestReports.report(ObserveTestReports.COMPLIANT));
        c.add(ObserveTestReports.report(ObserveTestReports.NOT_LLM));
        c.add(ObserveTestReports.report(ObserveTestReports.TRUNCATED, "observe", "http://x/", null));
        c.unguarded();
        c.internalError();
        assertEquals(4, c.streamsGuarded.sum());
        assertEquals(1, c.streamsRepaired.sum());
        assertEquals(1, c.streamsFailed.sum(), "only the failure the application received");
        assertEquals(2, c.truncations.sum(), "found, raised or observed");
        assertEquals(1, c.streamsPassedThrough.sum());
        assertEquals(1, c.streamsUnguarded.sum());
        assertEquals(1, c.failOpens.sum());
        assertEquals(1, c.deviations[Deviation.D2.ordinal()].sum());
        assertEquals(2, c.deviations[Deviation.D15.ordinal()].sum());
        c.reset();
        assertEquals(0, c.streamsGuarded.sum() + c.truncations.sum() + c.deviations[Deviation.D2.ordinal()].sum() + c.failOpens.sum());
    }

    @Test
    void aStreamCutByAResetIsAnUpstreamIoErrorNotARepair() {
        StreamCounters c = new StreamCounters();
        c.add(ObserveTestReports.reportOfReset(ObserveTestReports.REPAIRED.substring(0, ObserveTestReports.REPAIRED.indexOf("data: [DONE]"))));
        assertEquals(1, c.streamsGuarded.sum());
        assertEquals(1, c.upstreamIoErrors.sum());
        assertEquals(0, c.streamsRepaired.sum(), "its events were repaired, but the stream did not come through");
        assertEquals(0, c.streamsFailed.sum() + c.truncations.sum(), "the guard raised nothing");
        c.add(ObserveTestReports.reportOfReset(ObserveTestReports.NOT_LLM));
        assertEquals(1, c.upstreamIoErrors.sum(), "only LLM streams");
    }

    @Test
    void countsAreExactUnderConcurrency() throws Exception {
        StreamReport repaired = ObserveTestReports.report(ObserveTestReports.REPAIRED);
        StreamCounters c = new StreamCounters();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25_000; i++) {
                        c.add(repaired);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200_000, c.streamsGuarded.sum());
        assertEquals(200_000, c.streamsRepaired.sum());
        assertEquals(200_000L * repaired.bytesIn(), c.bytesIn.sum());
        assertEquals(200_000L * repaired.count(Deviation.D2), c.deviations[Deviation.D2.ordinal()].sum());
    }
}
