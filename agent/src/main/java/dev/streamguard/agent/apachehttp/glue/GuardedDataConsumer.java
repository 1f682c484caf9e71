package dev.streamguard.agent.apachehttp.glue;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.ApacheAsyncBridge;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * One guarded response body between the I/O reactor and the application's consumer. The body's data go
 * through the push guard, and what comes out goes to the application's consumer on the same thread. A
 * failure goes to the exchange's callback, as the client's own failures do: its connection is discarded, and
 * the application's consumer and future get the {@code StreamGuardException}. It is not thrown to the
 * client, which over HTTP/2 would fail the whole connection, or, at the end of a stream, nothing at all.
 * After the terminal event the application gets its end at once; the rest of the body is read and dropped
 * for a bounded time, then the connection is closed.
 *
 * <p>The guard may hold bytes back (a partial event) or change their number, while the application's
 * consumer grants the connection capacity for the bytes it got: the difference is settled here, so the
 * connection's window stays what it would be without the guard. The guard's clocks (idle timeout, terminal
 * grace, the wait for the end) run on a pool thread, never the reactor's; the two take turns on this
 * object's lock, which the reactor's thread waits for only while a clock's short work runs.
 */
final class GuardedDataConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer consumer;
    private final ChunkGuard guard;
    private final Runnable closeConnection;
    private final Consumer<Exception> failExchange;
    /**
     * Capacity owed to the connection for bytes the guard held back or dropped (positive), or kept back from
     * the application consumer's next grants for bytes the guard added (negative).
     */
    private final AtomicLong owed = new AtomicLong();
    /**
     * The client asked the application's consumer for capacity and it granted none since: the application holds
     * the body back (its backpressure), so a silence is not the upstream's.
     */
    private volatile boolean heldBack;
    private volatile CapacityChannel connection;
    private final CapacityChannel settling = this::granted;

    // Under this object's lock.
    private boolean ended;
    private boolean draining;
    private boolean passThrough;

    GuardedDataConsumer(AsyncDataConsumer consumer, ChunkGuard guard, Runnable closeConnection, Consumer<Exception> failExchange) {
        this.consumer = consumer;
        this.guard = guard;
        this.closeConnection = closeConnection;
        this.failExchange = failExchange;
        guard.watch(() -> ForkJoinPool.commonPool().execute(this::onClock));
        guard.awaiting();
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        connection = channel;
        payOwed(0);
        heldBack = true;
        consumer.updateCapacity(settling);
    }

    /** The application's consumer grants capacity: the connection gets it, with what is owed, less what is kept back. */
    private void granted(int increment) throws IOException {
        if (increment <= 0) {
            return;
        }
        heldBack = false;
        payOwed(increment);
    }

    /** Grants the connection {@code increment} and what is owed; what would be negative stays owed. */
    private void payOwed(long increment) throws IOException {
        CapacityChannel c = connection;
        if (c == null) {
            owed.addAndGet(increment);
            return;
        }
        long before = owed.getAndUpdate(o -> Math.min(0, o + increment) + Math.max(0, o + increment - Integer.MAX_VALUE));
        long pass = Math.min(before + increment, Integer.MAX_VALUE);
        if (pass > 0) {
            c.update((int) pass);
        }
    }

    /** Bytes read and not handed on: no consumer will grant them, so the connection is paid for them now. */
    private void drop(ByteBuffer src, int in) throws IOException {
        src.position(src.limit());
        payOwed(in);
    }

    @Override
    public synchronized void consume(ByteBuffer src) throws IOException {
        int in = src.remaining();
        if (passThrough) {
            consumer.consume(src);
            return;
        }
        List<ByteBuffer> items = Collections.singletonList(src);
        List<ByteBuffer> out;
        try {
            if (ended && !draining) {
                drop(src, in);
                return;
            }
            // Shared: the views of src the guard hands back reach the application's consumer within this call,
            // which is as long as any consumer may read src (the client reuses it after).
            out = guard.onNextShared(items);
        } catch (RuntimeException | Error e) {
            // The glue failed (the guard fails open on its own): the rest passes as it comes.
            ApacheAsyncBridge.internalError(e);
            passThrough = true;
            guard.onCancel();
            consumer.consume(src);
            return;
        }
        if (out == items) {
            consumer.consume(src);
            guard.awaiting();
            return;
        }
        if (ended) {
            // The application has its end: what the guard still gives (the terminal line's LF) is dropped.
            drop(src, in);
            return;
        }
        long outBytes = 0;
        for (ByteBuffer b : out) {
            outBytes += b.remaining();
        }
        // Settled before the application's consumer sees the bytes: a grant it makes for them at once pays it.
        owed.addAndGet(in - outBytes);
        try {
            deliver(out);
        } finally {
            // Only now: src itself may be among what went to the application's consumer (it passed whole).
            src.position(src.limit());
        }
        if (outBytes == 0) {
            // The application's consumer got nothing, so it grants nothing: the connection is paid now.
            payOwed(0);
        }
        afterDelivery();
    }

    /** After the guard's output went to the application: its failure, its end, or more to wait for. */
    private void afterDelivery() throws IOException {
        if (guard.failure() != null) {
            fail();
            return;
        }
        if (guard.terminalReached()) {
            if (!guard.terminalLineOpen()) {
                endForTheApplication(Collections.emptyList());
            }
            if (!draining) {
                draining = true;
                guard.startDraining();
            }
            return;
        }
        guard.awaiting();
    }

    private void deliver(List<ByteBuffer> out) throws IOException {
        for (ByteBuffer b : out) {
            consumer.consume(b);
        }
    }

    private void endForTheApplication(List<? extends Header> trailers) throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        try {
            consumer.streamEnd(trailers);
        } catch (HttpException e) {
            throw new IOException(e);
        }
    }

    @Override
    public synchronized void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
        if (passThrough) {
            consumer.streamEnd(trailers);
            return;
        }
        boolean hadItsEnd = ended;
        List<ByteBuffer> last = guard.onComplete();
        if (hadItsEnd) {
            return;
        }
        deliver(last);
        if (guard.failure() != null) {
            fail();
            return;
        }
        ended = true;
        consumer.streamEnd(trailers);
    }

    /** The guard failed the stream: the exchange fails with its failure; what still comes is dropped. */
    private void fail() {
        ended = true;
        guard.onCancel();
        failExchange.accept(guard.failure());
    }

    /**
     * On a pool thread: what the clock that ran out asks for. It is decided under the lock, where the stream is
     * also marked ended, so that the reactor's thread drops what still comes; the application's consumer and the
     * client are called after the lock is released, so that the reactor never waits on the application's code.
     */
    private void onClock() {
        List<ByteBuffer> last = null;
        boolean failed = false;
        boolean close = false;
        synchronized (this) {
            if (ended || passThrough) {
                return;
            }
            try {
                switch (guard.clockFired()) {
                    case IDLE_TIMEOUT:
                        if (heldBack) {
                            guard.restartIdleClock();
                            return;
                        }
                        guard.idleTimedOut();
                        failed = true;
                        break;
                    case TERMINAL_GRACE:
                        last = guard.terminalGraceExpired();
                        break;
                    case HELD_OPEN:
                        last = guard.heldOpen();
                        break;
                    default:
                        return;
                }
            } catch (Throwable t) {
                ApacheAsyncBridge.internalError(t);
                return;
            }
            ended = true;
            failed = failed || guard.failure() != null;
            close = !failed;
        }
        try {
            if (last != null) {
                deliver(last);
            }
            if (failed) {
                guard.onCancel();
                failExchange.accept(guard.failure());
            } else {
                consumer.streamEnd(Collections.emptyList());
            }
        } catch (Throwable t) {
            ApacheAsyncBridge.internalError(t);
        }
        if (close) {
            // The client reports the closed connection as the exchange's failure: the application has its end.
            closeConnection.run();
        }
    }

    /** The exchange completed (after {@link #streamEnd}). */
    synchronized void exchangeCompleted() {
        if (!ended && !passThrough) {
            guard.onCancel();
        }
    }

    /**
     * The exchange failed: what the application gets instead of {@code cause}, or null when it already had the
     * whole stream (then the exchange completes for it).
     */
    synchronized Exception exchangeFailed(Exception cause) {
        if (passThrough) {
            return cause;
        }
        if (guard.failure() != null) {
            ended = true;
            return guard.failure();
        }
        if (ended) {
            guard.onError(cause);
            return null;
        }
        List<ByteBuffer> last = guard.onError(cause);
        if (guard.terminalReached() && guard.failure() == null) {
            try {
                deliver(last);
                endForTheApplication(Collections.emptyList());
                return null;
            } catch (IOException e) {
                return e;
            }
        }
        ended = true;
        return guard.failure() != null ? guard.failure() : cause;
    }

    /** Released by the client (its exchange is over, or retried): the guard stops too, its clocks with it. */
    @Override
    public void releaseResources() {
        synchronized (this) {
            if (!ended && !passThrough) {
                ended = true;
                guard.onCancel();
            }
        }
        consumer.releaseResources();
    }
}
