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
     * Negative: capacity the application's consumer will grant for bytes the connection never spent (kept back);
     * positive: capacity owed to the connection before its channel came.
     */
    private final AtomicLong owed = new AtomicLong();
    /** Capacity granted by the application's consumer, and bytes it got: whether it holds the body back. */
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
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
        long early = owed.getAndUpdate(o -> Math.min(o, 0));
        if (early > 0) {
            channel.update((int) Math.min(early, Integer.MAX_VALUE));
        }
        consumer.updateCapacity(settling);
    }

    /** The application's consumer grants capacity: what it grants for bytes the guard added is kept back. */
    private void granted(int increment) throws IOException {
        if (increment <= 0) {
            return;
        }
        granted.getAndUpdate(g -> g + increment < 0 ? Long.MAX_VALUE : g + increment);
        long pass = increment;
        long debt;
        do {
            debt = owed.get();
            if (debt >= 0) {
                break;
            }
            pass = increment + debt;
        } while (!owed.compareAndSet(debt, Math.min(0, debt + increment)));
        if (pass > 0) {
            connection.update((int) pass);
        }
    }

    /**
     * {@code in} bytes came and {@code out} went to the application: fewer, and the connection gets the
     * difference now (the application's consumer will never grant it); more, and the application's next grants
     * are kept back by the difference (the connection never spent it).
     */
    private void settle(long in, long out) throws IOException {
        long diff = in - out;
        if (diff < 0) {
            owed.addAndGet(diff);
            return;
        }
        if (diff > 0) {
            CapacityChannel c = connection;
            if (c != null) {
                c.update((int) Math.min(diff, Integer.MAX_VALUE));
            } else {
                // Before the connection's channel came: granted when it comes.
                owed.addAndGet(diff);
            }
        }
    }

    @Override
    public synchronized void consume(ByteBuffer src) throws IOException {
        int in = src.remaining();
        if (passThrough) {
            delivered.addAndGet(in);
            consumer.consume(src);
            return;
        }
        List<ByteBuffer> items = Collections.singletonList(src);
        List<ByteBuffer> out;
        try {
            if (ended && !draining) {
                src.position(src.limit());
                settle(in, 0);
                return;
            }
            out = guard.onNext(items);
        } catch (RuntimeException | Error e) {
            // The glue failed (the guard fails open on its own): the rest passes as it comes.
            ApacheAsyncBridge.internalError(e);
            passThrough = true;
            guard.onCancel();
            delivered.addAndGet(src.remaining());
            consumer.consume(src);
            return;
        }
        if (out == items) {
            delivered.addAndGet(in);
            consumer.consume(src);
            guard.awaiting();
            return;
        }
        src.position(src.limit());
        if (ended) {
            // The application has its end: what the guard still gives (the terminal line's LF) is dropped.
            settle(in, 0);
            return;
        }
        settle(in, deliver(out));
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

    private long deliver(List<ByteBuffer> out) throws IOException {
        long n = 0;
        for (ByteBuffer b : out) {
            int remaining = b.remaining();
            n += remaining;
            delivered.addAndGet(remaining);
            consumer.consume(b);
        }
        return n;
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
        failExchange.accept(guard.failure());
    }

    /** On a pool thread: what the clock that ran out asks for. */
    private void onClock() {
        boolean close = false;
        synchronized (this) {
            try {
                switch (guard.clockFired()) {
                    case IDLE_TIMEOUT:
                        if (granted.get() <= delivered.get()) {
                            // The application's consumer asks for nothing more (its backpressure): not the upstream's silence.
                            guard.restartIdleClock();
                            break;
                        }
                        guard.idleTimedOut();
                        fail();
                        break;
                    case TERMINAL_GRACE:
                        close = finishOnClock(guard.terminalGraceExpired());
                        break;
                    case HELD_OPEN:
                        close = finishOnClock(guard.heldOpen());
                        break;
                    default:
                        break;
                }
            } catch (Throwable t) {
                ApacheAsyncBridge.internalError(t);
            }
        }
        if (close) {
            // The client reports the closed connection as the exchange's failure: the application has its end.
            closeConnection.run();
        }
    }

    /**
     * The stream is over although the upstream is not: the application gets the last bytes and its end, and the
     * connection is to be closed; or it gets the failure.
     */
    private boolean finishOnClock(List<ByteBuffer> last) throws IOException {
        if (ended) {
            return true;
        }
        deliver(last);
        if (guard.failure() != null) {
            fail();
            return false;
        }
        endForTheApplication(Collections.emptyList());
        return true;
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

    @Override
    public void releaseResources() {
        consumer.releaseResources();
    }
}
