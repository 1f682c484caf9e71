package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteQueue;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/**
 * The push adapter, for {@code Flow} subscribers: chunks of bytes in, chunks out. Each call returns what
 * the client may have now (possibly nothing: a partial line). After a failure, {@link #failure()} is set:
 * deliver what the call returned, then signal the failure. Buffers returned are the caller's to keep
 * ({@link #onNextShared}'s for as long as the chunks they view stay as they are).
 *
 * <p>Not thread-safe: the caller makes every call from one thread at a time (its signals serialized),
 * including the handling of a clock that ran out ({@link #watch}), which the watchdog only announces.
 */
public final class ChunkGuard {
    /** Which of the stream's clocks ran out, and so what the caller does next. */
    public enum Clock {
        /** None (a late or repeated announcement). */
        NONE,
        /** The upstream stayed silent past the idle timeout: fail with {@link #idleTimedOut()}, cancel it. */
        IDLE_TIMEOUT,
        /** Only pings after the stop reason: deliver {@link #terminalGraceExpired()}, complete, cancel the upstream. */
        TERMINAL_GRACE,
        /** The upstream did not end after the terminal event: complete if not done yet, cancel it (D42). */
        HELD_OPEN,
        /** The stream failed a while ago: cancel the upstream now. */
        CANCEL_AFTER_FAILURE
    }

    private final GuardEngine engine;
    private final ByteQueue ready = new ByteQueue();
    private final ChunkViews views = new ChunkViews(ready);
    private Runnable onClock;
    private Watchdog.Watch watch;
    private StreamGuardException failure;
    private boolean ended;
    private boolean draining;

    public ChunkGuard(GuardEngine engine) {
        this.engine = engine;
    }

    /**
     * {@code onClock} runs (on the watchdog's thread, so it must only hand the work over) when one of the
     * stream's clocks runs out; the caller then asks {@link #clockFired()} what to do.
     */
    public void watch(Runnable onClock) {
        this.onClock = onClock;
        long timeout = engine.idleTimeoutNanos();
        if (timeout > 0) {
            watch = Watchdog.watch(timeout, onClock);
        }
    }

    private Watchdog.Watch clocks() {
        if (watch == null && onClock != null) {
            watch = Watchdog.watch(0, onClock);
        }
        return watch;
    }

    /** Chunks were requested from the upstream: the idle clock runs until one arrives, and the terminal grace may start. */
    public void awaiting() {
        engine.waitingForUpstream();
        long grace = engine.terminalGraceDeadline();
        Watchdog.Watch w = grace != 0 ? clocks() : watch;
        if (w != null) {
            w.waiting();
            if (!draining && failure == null) {
                w.deadline(grace);
            }
        }
    }

    /** The next chunks of the body; returns the chunks to deliver now, in buffers of their own. */
    public List<ByteBuffer> onNext(List<ByteBuffer> items) {
        return next(items, false);
    }

    /**
     * The next chunks of the body, for a caller whose chunks stay as they are while what this returns is read:
     * nothing writes to them after the call (the upstream does not recycle them), or the output is read before
     * anything may. Returns the chunks to deliver now, where what passes unchanged is a view of the chunk it came
     * in rather than a copy; a chunk that passes whole is returned itself.
     */
    public List<ByteBuffer> onNextShared(List<ByteBuffer> items) {
        return next(items, true);
    }

    private List<ByteBuffer> next(List<ByteBuffer> items, boolean share) {
        if (watch != null) {
            watch.answered();
        }
        if (failure != null || (ended && !draining)) {
            return Collections.emptyList();
        }
        if (engine.isPassthrough() && !engine.terminalReached() && ready.available() == 0) {
            for (ByteBuffer item : items) {
                engine.passedThrough(item.remaining());
            }
            return items;
        }
        if (share) {
            ready.shareWith(views);
        } else {
            int in = engine.heldInputBytes();
            for (ByteBuffer item : items) {
                in += item.remaining();
            }
            // What comes out is mostly what came in: one array of that size leaves without being copied again.
            ready.reserve(in);
        }
        List<ByteBuffer> shared = Collections.emptyList();
        try {
            for (ByteBuffer item : items) {
                feed(item, share);
                if (failure != null) {
                    break;
                }
            }
        } finally {
            ready.shareWith(null);
            if (share) {
                // Even when something escapes the feed: no view of this call's chunks outlives the call.
                shared = drain();
            }
        }
        if (failure == null && !draining && watch != null) {
            // Only keep-alives since: the grace goes on; anything else stopped it until the next wait.
            watch.deadline(engine.terminalGraceDeadline());
        }
        return share ? shared : drain();
    }

    /** Whether the client has the whole stream: complete it, and {@link #startDraining()} the upstream (D42). */
    public boolean terminalReached() {
        return engine.terminalReached();
    }

    /**
     * Whether the terminal event's last line waits for its LF (its CR ended the last chunk): the client is
     * completed after the next chunk, or when the upstream's end does not come.
     */
    public boolean terminalLineOpen() {
        return engine.awaitingLineFeed();
    }

    /**
     * After the terminal event: the upstream is read to its end, what it sends dropped, for at most
     * {@link GuardEngine#TERMINAL_DRAIN_NANOS}; then {@link Clock#HELD_OPEN}.
     */
    public void startDraining() {
        if (draining) {
            return;
        }
        draining = true;
        Watchdog.Watch w = clocks();
        if (w != null) {
            w.rearm();
            w.deadline(System.nanoTime() + GuardEngine.TERMINAL_DRAIN_NANOS);
        }
    }

    /** The failure was signalled: the upstream is cancelled on {@link Clock#CANCEL_AFTER_FAILURE}, soon. */
    public void cancelSoon(long delayNanos) {
        Watchdog.Watch w = clocks();
        if (w != null) {
            w.rearm();
            w.deadline(System.nanoTime() + delayNanos);
        }
    }

    /** What the clock that ran out asks for; call once per announcement. */
    public Clock clockFired() {
        Watchdog.Watch w = watch;
        if (w == null) {
            return Clock.NONE;
        }
        Watchdog.Fired fired = w.fired();
        if (fired == Watchdog.Fired.NONE) {
            return Clock.NONE;
        }
        w.rearm();
        if (failure != null) {
            return Clock.CANCEL_AFTER_FAILURE;
        }
        if (ended && !draining) {
            return Clock.NONE;
        }
        if (draining) {
            return Clock.HELD_OPEN;
        }
        if (fired == Watchdog.Fired.IDLE) {
            return Clock.IDLE_TIMEOUT;
        }
        return engine.terminalGraceDeadline() != 0 ? Clock.TERMINAL_GRACE : Clock.NONE;
    }

    /** The client has stopped asking for chunks (its reads are paused): the idle clock starts again from now. */
    public void restartIdleClock() {
        if (watch != null) {
            watch.answered();
            watch.waiting();
        }
    }

    /** The failure of a stream stopped for its silence. */
    public StreamGuardException idleTimedOut() {
        ended = true;
        unwatch();
        failure = engine.idleTimedOut();
        return failure;
    }

    /**
     * The terminal grace ran out: the last chunks (the guard's message_stop, or [DONE]), then complete the
     * client; or, when what the guard held cannot end well, signal {@link #failure()} after them.
     */
    public List<ByteBuffer> terminalGraceExpired() {
        try {
            engine.terminalGraceExpired(ready);
        } catch (StreamGuardException e) {
            failure = e;
            ended = true;
            unwatch();
            return drain();
        }
        return onComplete();
    }

    /** The upstream held its connection open after the terminal event: the stream is over all the same. */
    public List<ByteBuffer> heldOpen() {
        engine.heldOpenAfterTerminal();
        return onComplete();
    }

    /** The body ended; returns the last chunks to deliver (then complete, or signal {@link #failure()}). */
    public List<ByteBuffer> onComplete() {
        if (failure != null || (ended && !draining)) {
            return Collections.emptyList();
        }
        ended = true;
        draining = false;
        unwatch();
        try {
            engine.finish(ready);
        } catch (StreamGuardException e) {
            failure = e;
        }
        return drain();
    }

    /**
     * The upstream failed; the caller passes its error on as it is, unless the client had the whole stream:
     * then it gets the last chunks this returns, and its end.
     */
    public List<ByteBuffer> onError(Throwable error) {
        if (draining) {
            return onComplete();
        }
        unwatch();
        if (!ended) {
            ended = true;
            engine.upstreamFailed(error);
        }
        return Collections.emptyList();
    }

    /** The client cancelled its subscription: after the terminal event, the stream was whole all the same. */
    public void onCancel() {
        if (draining || (!ended && engine.terminalSeen())) {
            onComplete();
            return;
        }
        unwatch();
        if (!ended) {
            ended = true;
            engine.cancelled();
        }
    }

    /** Set once the stream failed: the client must get it (as {@code onError}) after the last chunks. */
    public StreamGuardException failure() {
        return failure;
    }

    /** The chunks of {@code a}, then those of {@code b} (either list itself when the other is empty). */
    public static List<ByteBuffer> concat(List<ByteBuffer> a, List<ByteBuffer> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<ByteBuffer> all = new java.util.ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private void unwatch() {
        Watchdog.unwatch(watch);
    }

    private void feed(ByteBuffer chunk, boolean share) {
        try {
            if (chunk.hasArray()) {
                if (share) {
                    views.from(chunk, -chunk.arrayOffset());
                }
                engine.feed(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining(), ready);
                return;
            }
            // Read through a duplicate: the chunk's own position stays where the caller left it.
            ByteBuffer item = chunk.duplicate();
            byte[] copy = ReadBuffers.lend();
            try {
                while (item.hasRemaining()) {
                    int n = Math.min(item.remaining(), copy.length);
                    if (share) {
                        views.from(chunk, item.position());
                    }
                    item.get(copy, 0, n);
                    engine.feed(copy, 0, n, ready);
                }
            } finally {
                ReadBuffers.giveBack(copy);
            }
        } catch (StreamGuardException e) {
            failure = e;
            ended = true;
        }
    }

    /** What is ready to deliver: the queue's bytes, after the views of a shared call's chunks. */
    private List<ByteBuffer> drain() {
        return views.finish();
    }
}
