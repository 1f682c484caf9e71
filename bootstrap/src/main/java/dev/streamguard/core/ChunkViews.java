package dev.streamguard.core;

import dev.streamguard.buffer.ByteQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one call of {@link ChunkGuard#onNextShared} delivers, in order: views of the chunks it was given for the
 * bytes that pass unchanged, and the guard's own bytes (rewritten events, an event that began in an earlier
 * chunk) as copies out of its queue. A chunk that passes whole goes out itself.
 */
final class ChunkViews implements ByteQueue.Sharer {
    private final ByteQueue queue;
    private ByteBuffer first;
    private List<ByteBuffer> more;
    /** The chunk fed now, and where index 0 of the array fed falls in it. */
    private ByteBuffer chunk;
    private int base;
    /** The last view out, while the next shared bytes may extend it. */
    private ByteBuffer last;

    ChunkViews(ByteQueue queue) {
        this.queue = queue;
    }

    /** The array fed next holds bytes of {@code chunk}: its index i is the chunk's position i + base. */
    void from(ByteBuffer chunk, int base) {
        if (chunk != this.chunk) {
            last = null;
        }
        this.chunk = chunk;
        this.base = base;
    }

    @Override
    public void share(byte[] src, int off, int len) {
        int from = base + off;
        if (last != null && last.limit() == from && queue.available() == 0) {
            last.limit(from + len);
            return;
        }
        if (queue.available() > 0) {
            add(queue.drainToBuffer());
        }
        if (from == chunk.position() && from + len == chunk.limit()) {
            add(chunk);
            last = null;
            return;
        }
        ByteBuffer view = chunk.duplicate();
        view.limit(from + len);
        view.position(from);
        add(view);
        last = view;
    }

    private void add(ByteBuffer buffer) {
        if (first == null) {
            // Most calls deliver one buffer: no list for it until a second comes.
            first = buffer;
            return;
        }
        if (more == null) {
            more = new ArrayList<>(4);
            more.add(first);
        }
        more.add(buffer);
    }

    /** Everything to deliver since the last call, the queue's bytes last; no chunk is referenced after it. */
    List<ByteBuffer> finish() {
        if (queue.available() > 0) {
            add(queue.drainToBuffer());
        }
        List<ByteBuffer> all = more != null ? more : first != null ? Collections.singletonList(first) : Collections.emptyList();
        first = null;
        more = null;
        chunk = null;
        last = null;
        return all;
    }
}
