package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteQueue;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/**
 * The push adapter, for {@code Flow} subscribers: chunks of bytes in, chunks out. Each call returns what
 * the client may have now (possibly nothing: a partial line). After a failure, {@link #failure()} is set:
 * deliver what the call returned, then signal the failure. Buffers returned are the caller's to keep.
 */
public final class ChunkGuard {
    private final GuardEngine engine;
    private final ByteQueue ready = new ByteQueue();
    private IdleWatchdog.Watch idle;
    private byte[] copy = new byte[8192];
    private StreamGuardException failure;
    private boolean ended;

    public ChunkGuard(GuardEngine engine) {
        this.engine = engine;
    }

    /**
     * Asks to be told, through {@code onTimeout}, when the upstream stays silent past the idle timeout while
     * chunks are awaited ({@link #awaiting()}); does nothing when there is no idle timeout.
     */
    public void watchIdle(Runnable onTimeout) {
        long timeout = engine.idleTimeoutNanos();
        if (timeout > 0) {
            idle = IdleWatchdog.watch(timeout, onTimeout);
        }
    }

    /** Chunks were requested from the upstream: the idle clock runs until one arrives. */
    public void awaiting() {
        if (idle != null) {
            idle.waiting();
        }
    }

    /** The failure of a stream stopped for its silence; call once, from the idle callback. */
    public StreamGuardException idleTimedOut() {
        ended = true;
        failure = engine.idleTimedOut();
        return failure;
    }

    /** The next chunks of the body; returns the chunks to deliver now. */
    public List<ByteBuffer> onNext(List<ByteBuffer> items) {
        if (idle != null) {
            idle.answered();
        }
        if (failure != null || ended) {
            return Collections.emptyList();
        }
        if (engine.isPassthrough() && ready.available() == 0) {
            for (ByteBuffer item : items) {
                engine.passedThrough(item.remaining());
            }
            return items;
        }
        for (ByteBuffer item : items) {
            feed(item.duplicate());
            if (failure != null) {
                break;
            }
        }
        return drain();
    }

    /** The body ended; returns the last chunks to deliver (then complete, or signal {@link #failure()}). */
    public List<ByteBuffer> onComplete() {
        if (failure != null || ended) {
            return Collections.emptyList();
        }
        ended = true;
        IdleWatchdog.unwatch(idle);
        try {
            engine.finish(ready);
        } catch (StreamGuardException e) {
            failure = e;
        }
        return drain();
    }

    /** The upstream failed; the caller passes its error on as it is. */
    public void onError(Throwable error) {
        IdleWatchdog.unwatch(idle);
        if (!ended) {
            ended = true;
            engine.upstreamFailed(error);
        }
    }

    /** The client cancelled its subscription. */
    public void onCancel() {
        IdleWatchdog.unwatch(idle);
        if (!ended) {
            ended = true;
            engine.cancelled();
        }
    }

    /** Set once the stream failed: the client must get it (as {@code onError}) after the last chunks. */
    public StreamGuardException failure() {
        return failure;
    }

    private void feed(ByteBuffer item) {
        try {
            if (item.hasArray()) {
                engine.feed(item.array(), item.arrayOffset() + item.position(), item.remaining(), ready);
                return;
            }
            while (item.hasRemaining()) {
                int n = Math.min(item.remaining(), copy.length);
                item.get(copy, 0, n);
                engine.feed(copy, 0, n, ready);
            }
        } catch (StreamGuardException e) {
            failure = e;
            ended = true;
            IdleWatchdog.unwatch(idle);
        }
    }

    private List<ByteBuffer> drain() {
        return ready.available() == 0 ? Collections.emptyList() : Collections.singletonList(ready.drainToBuffer());
    }
}
