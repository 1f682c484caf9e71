package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream's thread only joins the watchdog's list; the watchdog's own scan takes out what has no clock running.
 * What that must keep: the list does not grow with the streams that ended, a watch the scan took out fires on the
 * next deadline it is given, and one stopped at its stream's end fires no more unless given a deadline again (a
 * guard that failed its stream cancels the upstream a moment later).
 */
@Timeout(60)
class WatchdogListTest {
    private static final long MILLIS = 1_000_000L;

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void theStreamsThatEndedLeaveTheListAtTheNextScan() throws Exception {
        // A stream with an idle clock keeps the watchdog's thread running throughout.
        Watchdog.Watch open = Watchdog.watch(TimeUnit.SECONDS.toNanos(30), () -> { });
        int watchedBefore = Watchdog.watched();
        try {
            for (int i = 0; i < 2_000; i++) {
                ShortTextStream.readToItsEnd();
            }
            // Fewer, not equal: a watch an earlier test abandoned may be collected meanwhile.
            assertTrue(Watchdog.watched() <= watchedBefore, "no stream that ended has a clock running");
            assertTrue(within(2_000, () -> Watchdog.listed() == Watchdog.watched()),
                    Watchdog.listed() + " listed, " + Watchdog.watched() + " of them with a clock running");
        } finally {
            Watchdog.unwatch(open);
        }
    }

    @Test
    void aWatchTheScanTookOutFiresOnItsNextDeadline() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Watchdog.Watch w = Watchdog.watch(0, fired::countDown);
        w.deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        w.deadline(0);
        assertTrue(within(2_000, () -> Watchdog.listed() == Watchdog.watched()), "the scan took out the watch without a clock");
        w.deadline(System.nanoTime() + 10 * MILLIS);
        assertTrue(fired.await(5, TimeUnit.SECONDS), "fired on the deadline set after the scan took it out");
        assertEquals(Watchdog.Fired.DEADLINE, w.fired());
    }

    @Test
    void aWatchStoppedAtItsStreamsEndFiresNoMoreUnlessGivenADeadlineAgain() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Watchdog.Watch w = Watchdog.watch(0, fired::countDown);
        w.deadline(System.nanoTime() + 20 * MILLIS);
        Watchdog.unwatch(w);
        assertFalse(fired.await(300, TimeUnit.MILLISECONDS), "the deadline of a stream that ended did not fire");
        assertEquals(Watchdog.Fired.NONE, w.fired());

        w.deadline(System.nanoTime() + 10 * MILLIS);
        assertTrue(fired.await(5, TimeUnit.SECONDS), "a deadline set after the end fired");
    }
}
