package dev.streamguard.agent.jdk;

import dev.streamguard.core.ChunkGuard;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts the guard between the HTTP client and the application's subscriber, keeping Flow demand honest: every
 * unit the application requests becomes one upstream request; an upstream item that yields nothing yet (a
 * partial event) is replaced by a new upstream request; the application never gets more items than it asked
 * for, including the last bytes the guard emits when the body ends. {@code getBody()} is the application's
 * own, so {@code send} returns exactly when it would without the guard.
 *
 * <p>Every signal that reaches the application comes from one thread at a time (Flow rule 1.3), although
 * they have three sources: the HTTP client's signals, the application's requests (the last bytes wait for
 * them), and the watchdog's clocks (idle timeout, terminal grace, the wait for the end after the terminal
 * event). Each source only queues its signal; whichever thread finds the queue idle handles them all, in
 * order, and so is the only one that touches the guard. A clock's signal found idle is handled on a pool
 * thread: the application's code never runs on the watchdog's.
 *
 * <p>After a failure nothing more is requested and the upstream is cancelled shortly after: at once would
 * race the HTTP client, which chains the response to {@code getBody()} on another thread and, if the
 * cancellation came first, would replace the guard's failure with its own "closed" error. After the terminal
 * event the application is completed at once and the upstream read to its end, for a bounded time (D42).
 */
final class GuardingBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
    /** How long after a failure the upstream is cancelled, once the HTTP client has taken the body. */
    static final long CANCEL_DELAY_NANOS = 50_000_000L;
    private static final Object COMPLETE = new Object();
    private static final Object CLOCK = new Object();
    private static final Object DEMAND = new Object();
    private static final Object CANCEL = new Object();

    private final HttpResponse.BodySubscriber<T> downstream;
    private final ChunkGuard guard;
    private final Queue<Object> signals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicLong unforwarded = new AtomicLong();
    private volatile SerialSubscription upstream;
    private volatile boolean bodyRequested;
    private volatile CompletionStage<T> body;

    // Touched only by the thread that handles the signals.
    private boolean finished;
    private boolean upstreamOver;
    private boolean draining;
    private List<ByteBuffer> lastChunks = Collections.emptyList();
    private Throwable endError;
    private boolean endPending;

    GuardingBodySubscriber(HttpResponse.BodySubscriber<T> downstream, ChunkGuard guard) {
        this.downstream = downstream;
        this.guard = guard;
    }

    @Override
    public CompletionStage<T> getBody() {
        CompletionStage<T> b = downstream.getBody();
        body = b;
        bodyRequested = true;
        return b;
    }

    /**
     * Whether the application takes the body as a {@code Flow.Publisher} ({@code BodyHandlers.ofPublisher()},
     * how Spring's WebClient reads on its JDK connector), so that it goes on to a reactive framework, which
     * the setting {@code anthropic.error-event} tells apart. Judged from the stage the HTTP client took from
     * {@link #getBody()}, without asking the application's subscriber again (a mapping subscriber would run
     * its mapper once more); false before the client took it. A subscriber wrapped by another agent's is
     * seen for what it gives.
     */
    boolean bodyIsAPublisher() {
        CompletionStage<T> b = body;
        try {
            return b != null && b.toCompletableFuture().getNow(null) instanceof Flow.Publisher;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = new SerialSubscription(subscription);
        // The watchdog's thread only hands the clock over: the application's code never runs on it.
        guard.watch(() -> signalElsewhere(CLOCK));
        downstream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    upstream.request(n);
                    return;
                }
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                unforwarded.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                signal(DEMAND);
            }

            @Override
            public void cancel() {
                signal(CANCEL);
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        signal(items);
    }

    @Override
    public void onError(Throwable throwable) {
        signal(throwable);
    }

    @Override
    public void onComplete() {
        signal(COMPLETE);
    }

    private void signal(Object s) {
        signals.offer(s);
        if (pending.getAndIncrement() == 0) {
            handleAll();
        }
    }

    /** As {@link #signal}, but if the queue is idle, its signals are handled on a pool thread, not the caller's. */
    private void signalElsewhere(Object s) {
        signals.offer(s);
        if (pending.getAndIncrement() == 0) {
            ForkJoinPool.commonPool().execute(this::handleAll);
        }
    }

    /**
     * Handles the queued signals, one at a time, until none is left. Whatever a signal's handling throws (the
     * application's subscriber, say) ends the stream for the application and the upstream, and is thrown to
     * the caller once the queue is settled, so that later signals are never stuck behind it.
     */
    private void handleAll() {
        RuntimeException thrown = null;
        int missed = 1;
        do {
            for (Object next; (next = signals.poll()) != null; ) {
                try {
                    handle(next);
                } catch (RuntimeException | Error e) {
                    if (thrown == null) {
                        thrown = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
                        broken();
                    }
                }
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
        if (thrown != null) {
            throw thrown;
        }
    }

    /** A signal's handling threw: nothing more reaches the application, and the upstream is cancelled. */
    private void broken() {
        finished = true;
        try {
            guard.onCancel();
        } finally {
            cancelUpstream();
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object s) {
        if (s == DEMAND) {
            onDemand();
        } else if (s == CANCEL) {
            onCancel();
        } else if (s == CLOCK) {
            onClock();
        } else if (s == COMPLETE) {
            onUpstreamComplete();
        } else if (s instanceof Throwable) {
            onUpstreamError((Throwable) s);
        } else {
            onItems((List<ByteBuffer>) s);
        }
    }

    private void onDemand() {
        if (endPending) {
            deliverEnd();
            return;
        }
        long n = unforwarded.getAndSet(0);
        if (n > 0 && !finished && !upstreamOver) {
            guard.awaiting();
            upstream.request(n);
        }
    }

    private void onItems(List<ByteBuffer> items) {
        if (upstreamOver || (finished && !guard.terminalReached())) {
            return;
        }
        // The HTTP client hands its items over in buffers nothing writes to afterwards (read-only slices of fresh
        // arrays): what passes unchanged goes on as views of them.
        List<ByteBuffer> out = guard.onNextShared(items);
        if (finished) {
            return;
        }
        if (guard.failure() != null) {
            deliver(out);
            fail(guard.failure());
        } else if (guard.terminalReached()) {
            endAfterTerminal(out);
        } else if (out.isEmpty()) {
            guard.awaiting();
            upstream.request(1);
        } else {
            if (demand.get() > 1) {
                // Items are still requested from the upstream: the idle clock runs again.
                guard.awaiting();
            }
            deliver(out);
        }
    }

    /**
     * The terminal event is in {@code out}: the application gets it, then its end once the event's last line
     * is complete (an LF may follow its CR in the next item), and the rest of the body is read and dropped
     * until the upstream ends or the wait for that runs out.
     */
    private void endAfterTerminal(List<ByteBuffer> out) {
        if (draining) {
            lastChunks = ChunkGuard.concat(lastChunks, out);
        } else {
            deliver(out);
        }
        if (!guard.terminalLineOpen()) {
            endPending = true;
            deliverEnd();
        }
        if (!draining) {
            draining = true;
            guard.startDraining();
            upstream.request(Long.MAX_VALUE);
        }
    }

    private void onUpstreamComplete() {
        if (upstreamOver) {
            return;
        }
        upstreamOver = true;
        endWith(guard.onComplete());
    }

    private void onUpstreamError(Throwable error) {
        if (upstreamOver) {
            return;
        }
        upstreamOver = true;
        boolean whole = guard.terminalReached();
        List<ByteBuffer> last = guard.onError(error);
        if (whole) {
            endWith(last);
        } else {
            finish(error);
        }
    }

    private void onClock() {
        switch (guard.clockFired()) {
            case IDLE_TIMEOUT:
                Throwable timedOut = guard.idleTimedOut();
                cancelUpstream();
                finish(timedOut);
                break;
            case TERMINAL_GRACE:
                endWith(guard.terminalGraceExpired());
                cancelUpstream();
                break;
            case HELD_OPEN:
                endWith(guard.heldOpen());
                cancelUpstream();
                break;
            case CANCEL_AFTER_FAILURE:
                if (bodyRequested) {
                    cancelUpstream();
                } else {
                    guard.cancelSoon(CANCEL_DELAY_NANOS);
                }
                break;
            default:
                break;
        }
    }

    /** The stream is over: its last bytes, then its end (or the guard's failure), once the application has demand. */
    private void endWith(List<ByteBuffer> last) {
        if (finished) {
            return;
        }
        lastChunks = ChunkGuard.concat(lastChunks, last);
        endError = guard.failure();
        endPending = true;
        deliverEnd();
    }

    private void onCancel() {
        // Nothing reaches the application after its cancel, even if it asks again (rule 3.6).
        finished = true;
        guard.onCancel();
        cancelUpstream();
    }

    /** Delivers the last bytes once the application has demand for them, then the end. */
    private void deliverEnd() {
        if (finished) {
            return;
        }
        if (!lastChunks.isEmpty()) {
            if (demand.get() <= 0) {
                return;
            }
            demand.decrementAndGet();
            downstream.onNext(lastChunks);
            lastChunks = Collections.emptyList();
        }
        finish(endError);
    }

    private void deliver(List<ByteBuffer> out) {
        if (!out.isEmpty()) {
            demand.decrementAndGet();
            downstream.onNext(out);
        }
    }

    /** The guard failed the stream: the application gets the failure, the upstream is cancelled soon. */
    private void fail(Throwable failure) {
        finish(failure);
        if (!upstreamOver) {
            guard.cancelSoon(CANCEL_DELAY_NANOS);
        }
    }

    private void finish(Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        endPending = false;
        if (error == null) {
            downstream.onComplete();
        } else {
            downstream.onError(error);
        }
    }

    private void cancelUpstream() {
        if (!upstreamOver) {
            upstreamOver = true;
            upstream.cancel();
        }
    }
}
