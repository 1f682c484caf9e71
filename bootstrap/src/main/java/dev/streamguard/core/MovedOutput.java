package dev.streamguard.core;

import dev.streamguard.buffer.ByteQueue;

/**
 * The guard's output for a fill of a {@link BufferedUpstream} read with {@link GuardedInputStream#readOut}: each run
 * of bytes that passes unchanged leaves where it lies ({@link BufferedUpstream#moveOut}), after the bytes the queue
 * held before it, which leave as a copy ({@link BufferedUpstream#writeOut}). Counts what left.
 */
final class MovedOutput implements ByteQueue.Sharer {
    private final ByteQueue queue;
    private final BufferedUpstream upstream;
    private final ByteQueue.Sharer copies;
    private int left;

    MovedOutput(ByteQueue queue, BufferedUpstream upstream) {
        this.queue = queue;
        this.upstream = upstream;
        this.copies = upstream::writeOut;
    }

    /** A fill is fed next: nothing of it has left yet. */
    void start() {
        left = 0;
    }

    /** How many bytes left since {@link #start()}. */
    int left() {
        return left;
    }

    /** Up to {@code max} of the queued bytes leave as a copy; returns how many. */
    int copyQueued(int max) {
        return queue.drainTo(copies, max);
    }

    @Override
    public void share(byte[] src, int off, int len) {
        left += copyQueued(Integer.MAX_VALUE);
        upstream.moveOut(off - upstream.offset(), len);
        left += len;
    }
}
