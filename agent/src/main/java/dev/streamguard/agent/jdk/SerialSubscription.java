package dev.streamguard.agent.jdk;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes the calls on an upstream subscription one at a time (Flow rule 2.7): the guard makes them from
 * whichever thread handles its signals (the HTTP client's, the application's, a pool thread for a clock), and
 * passes the application's invalid requests on from the application's own thread. A call that arrives while
 * another is running is handed to the thread already in there, which also keeps a request made inside
 * {@code onNext} from recursing. After a cancel, nothing more is requested.
 */
final class SerialSubscription {
    private final Flow.Subscription upstream;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicReference<Long> invalidRequest = new AtomicReference<>();
    private final AtomicInteger work = new AtomicInteger();
    private volatile boolean cancelRequested;
    private boolean cancelled;

    SerialSubscription(Flow.Subscription upstream) {
        this.upstream = upstream;
    }

    void request(long n) {
        if (n <= 0) {
            // Passed on as it is, for the upstream to signal the application's mistake (rule 3.9).
            invalidRequest.set(n);
        } else {
            requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
        }
        run();
    }

    void cancel() {
        cancelRequested = true;
        run();
    }

    private void run() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        do {
            if (cancelRequested) {
                requested.set(0);
                if (!cancelled) {
                    cancelled = true;
                    upstream.cancel();
                }
            } else {
                Long invalid = invalidRequest.getAndSet(null);
                if (invalid != null) {
                    upstream.request(invalid);
                }
                long n = requested.getAndSet(0);
                if (n > 0) {
                    upstream.request(n);
                }
            }
        } while (work.decrementAndGet() != 0);
    }
}
