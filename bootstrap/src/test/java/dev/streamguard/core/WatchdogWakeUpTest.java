package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The clocks cost nothing per stream: a stream sets a deadline near its end (the wait for the end of the body after
 * its terminal event, D42) and clears it a moment later, and streams ending one after another must not wake the
 * watchdog's thread each time. It wakes on its own period, whatever the number of streams.
 */
class WatchdogWakeUpTest {
    @Test
    void streamsEndingOneAfterAnotherDoNotWakeTheWatchdogEachTime() throws IOException {
        ShortTextStream.readToItsEnd(); // the thread starts with the first deadline
        int streams = 5_000;
        long wakeUpsBefore = Watchdog.wakeUps();
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            ShortTextStream.readToItsEnd();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long wakeUps = Watchdog.wakeUps() - wakeUpsBefore;
        // Its period is 50 ms: one wake-up per period, and a few for the start and for timing.
        long periods = elapsedMillis / 50 + 5;
        assertTrue(wakeUps <= periods, wakeUps + " wake-ups for " + streams + " streams in " + elapsedMillis + " ms");
    }
}
