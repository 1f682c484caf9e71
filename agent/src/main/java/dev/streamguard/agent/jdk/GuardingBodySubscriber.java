package dev.streamguard.agent.jdk;

import dev.streamguard.core.ChunkGuard;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts the guard between the HTTP client and the application's subscriber, keeping Flow demand honest: every
 * unit the application requests becomes one upstream request; an upstream item that yields nothing yet (a
 * partial event) is replaced by a new upstream request; the application never gets more items than it asked
 * for, including the last bytes the guard emits when the body ends. {@code getBody()} is the application's
 * own, so {@code send} returns exactly when it would without the guard.
 *
 * <p>After a failure the upstream is drained briefly before it is cancelled: the HTTP client chains the
 * response to {@code getBody()} on another thread, and a cancellation that came first would replace the
 * guard's failure with the client's own "cancelled" error. It is cancelled on the first upstream signal
 * once the client has asked for the body, or after 1 MiB, so a flood still stops.
 */
final class GuardingBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private static final int RUNNING = 0;
    private static final int ENDING = 1;
    private static final int DONE = 2;
    private static final long DRAIN_LIMIT = 1 << 20;

    private final HttpResponse.BodySubscriber<T> downstream;
    private final ChunkGuard guard;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile SerialSubscription upstream;
    private volatile List<ByteBuffer> lastChunks = Collections.emptyList();
    private volatile Throwable endError;
    private volatile boolean upstreamEnded;
    private volatile boolean bodyRequested;
    private boolean draining;
    private long drained;

    GuardingBodySubscriber(HttpResponse.BodySubscriber<T> downstream, ChunkGuard guard) {
        this.downstream = downstream;
        this.guard = guard;
    }

    @Override
    public CompletionStage<T> getBody() {
        bodyRequested = true;
        return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = new SerialSubscription(subscription);
        guard.watchIdle(this::idleTimedOut);
        downstream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    upstream.request(n);
                    return;
                }
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                if (upstreamEnded) {
                    deliverEnd();
                } else {
                    guard.awaiting();
                    upstream.request(n);
                }
            }

            @Override
            public void cancel() {
                // Nothing reaches the application after its cancel, even if it asks again (rule 3.6).
                state.set(DONE);
                guard.onCancel();
                upstream.cancel();
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (draining) {
            drain(items);
            return;
        }
        List<ByteBuffer> out = guard.onNext(items);
        if (!out.isEmpty() && demand.decrementAndGet() > 0) {
            // Items are still requested from the upstream: the idle clock runs again.
            guard.awaiting();
        }
        if (!out.isEmpty()) {
            downstream.onNext(out);
        }
        if (guard.failure() != null) {
            terminate(guard.failure());
            draining = true;
            upstream.request(1);
        } else if (out.isEmpty()) {
            guard.awaiting();
            upstream.request(1);
        }
    }

    /** The upstream stayed silent too long: it is stopped and the application gets the guard's failure. */
    private void idleTimedOut() {
        if (state.get() == RUNNING) {
            terminate(guard.idleTimedOut());
            upstream.cancel();
        }
    }

    private void drain(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            drained += b.remaining();
        }
        if (bodyRequested || drained > DRAIN_LIMIT) {
            upstream.cancel();
        } else {
            upstream.request(1);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (draining) {
            return;
        }
        guard.onError(throwable);
        terminate(throwable);
    }

    @Override
    public void onComplete() {
        if (draining) {
            return;
        }
        lastChunks = guard.onComplete();
        endError = guard.failure();
        upstreamEnded = true;
        deliverEnd();
    }

    /** Delivers the guard's last bytes once the application has demand for them, then the end. */
    private void deliverEnd() {
        List<ByteBuffer> chunks = lastChunks;
        if (!chunks.isEmpty() && demand.get() <= 0) {
            return;
        }
        if (!state.compareAndSet(RUNNING, ENDING)) {
            return;
        }
        if (!chunks.isEmpty()) {
            demand.decrementAndGet();
            downstream.onNext(chunks);
        }
        state.set(DONE);
        if (endError == null) {
            downstream.onComplete();
        } else {
            downstream.onError(endError);
        }
    }

    private void terminate(Throwable error) {
        if (state.compareAndSet(RUNNING, DONE)) {
            downstream.onError(error);
        }
    }
}
