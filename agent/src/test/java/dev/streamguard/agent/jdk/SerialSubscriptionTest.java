package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SerialSubscriptionTest {
    /** Records overlapping calls and the depth of nested ones; each request lingers so that overlaps would show. */
    static final class OverlapDetector implements Flow.Subscription {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicLong total = new AtomicLong();
        final AtomicInteger cancels = new AtomicInteger();
        final List<Long> requests = Collections.synchronizedList(new ArrayList<>());
        Runnable duringRequest = () -> { };

        @Override
        public void request(long n) {
            enter();
            requests.add(n);
            total.addAndGet(n);
            duringRequest.run();
            for (long spin = System.nanoTime() + 20_000; System.nanoTime() < spin; ) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
        }

        @Override
        public void cancel() {
            enter();
            cancels.incrementAndGet();
            inside.decrementAndGet();
        }

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
        }
    }

    @Test
    void requestsFromManyThreadsReachTheUpstreamOneAtATimeAndAllOfThem() throws Exception {
        OverlapDetector upstream = new OverlapDetector();
        SerialSubscription serial = new SerialSubscription(upstream);
        int threads = 4;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    serial.request(1);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(0, upstream.overlaps.get(), "calls on the upstream overlapped");
        assertEquals((long) threads * each, upstream.total.get(), "every unit requested reaches the upstream");
        assertTrue(upstream.requests.size() < threads * each, "requests made meanwhile are combined: " + upstream.requests.size());
    }

    @Test
    void aRequestMadeDuringARequestIsMadeAfterItNotInsideIt() {
        OverlapDetector upstream = new OverlapDetector();
        SerialSubscription serial = new SerialSubscription(upstream);
        AtomicInteger nested = new AtomicInteger(3);
        upstream.duringRequest = () -> {
            if (nested.getAndDecrement() > 0) {
                serial.request(1);
            }
        };
        serial.request(5);
        assertEquals(List.of(5L, 1L, 1L, 1L), upstream.requests);
        assertEquals(0, upstream.overlaps.get());
    }

    @Test
    void afterCancelNothingIsRequestedAndTheUpstreamIsCancelledOnce() {
        OverlapDetector upstream = new OverlapDetector();
        SerialSubscription serial = new SerialSubscription(upstream);
        serial.request(2);
        serial.cancel();
        serial.request(3);
        serial.cancel();
        assertEquals(List.of(2L), upstream.requests);
        assertEquals(1, upstream.cancels.get());
    }

    @Test
    void aNonPositiveRequestIsPassedOnForTheUpstreamToSignal() {
        OverlapDetector upstream = new OverlapDetector();
        new SerialSubscription(upstream).request(0);
        assertEquals(List.of(0L), upstream.requests);
    }
}
