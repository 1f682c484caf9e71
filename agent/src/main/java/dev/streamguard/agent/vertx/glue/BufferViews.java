package dev.streamguard.agent.vertx.glue;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A body chunk's bytes for the guard, and the guard's output as a chunk for the application, through Vert.x's
 * public API alone (the same in 4.5 and 5): a copy each way. Reading the chunk's own Netty buffer and wrapping
 * the output without copies was tried and withdrawn: with it a client intermittently got nothing of one
 * stream and waited (two of three clean builds), a cause not yet found.
 */
final class BufferViews {
    private BufferViews() {
    }

    /** The chunk's readable bytes. */
    static ByteBuffer view(Buffer chunk) {
        return ByteBuffer.wrap(chunk.getBytes());
    }

    /** A Vert.x buffer holding the guard's output; it grows as Vert.x's own chunks do. */
    static Buffer buffer(List<ByteBuffer> out) {
        int n = 0;
        for (ByteBuffer b : out) {
            n += b.remaining();
        }
        Buffer all = Buffer.buffer(n);
        for (ByteBuffer b : out) {
            ByteBuffer d = b.duplicate();
            if (d.hasArray()) {
                all.appendBytes(d.array(), d.arrayOffset() + d.position(), d.remaining());
            } else {
                byte[] copy = new byte[d.remaining()];
                d.get(copy);
                all.appendBytes(copy);
            }
        }
        return all;
    }
}
