package dev.streamguard.agent.okhttp.glue;

import dev.streamguard.core.BufferedUpstream;
import java.io.EOFException;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The original body's bytes where Okio buffers them, one segment at a time, for the guard to read in place. Its
 * source is the one behind the body's {@code byteStream()}, which the guard reads when it passes the body through:
 * both take from the same buffer. The calls it makes have the same JVM descriptors in Okio 1.17 (OkHttp 3.14), 2.x and
 * 3.x (OkHttp 4 and 5).
 */
final class SegmentUpstream implements BufferedUpstream {
    private final BufferedSource source;
    private final Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();
    private byte[] array;
    private int offset;

    SegmentUpstream(BufferedSource source) {
        this.source = source;
    }

    /** Reads one byte through this class: throws if the Okio loaded lacks a method it uses (a {@link LinkageError}). */
    static void checkOkio() throws IOException {
        SegmentUpstream probe = new SegmentUpstream(new Buffer().writeByte('x'));
        if (probe.fill() != 1 || probe.array()[probe.offset()] != 'x') {
            throw new IllegalStateException("Okio's cursor does not show its buffered bytes");
        }
        probe.consumed(1);
    }

    @Override
    public int fill() throws IOException {
        try {
            if (!source.request(1)) {
                return -1;
            }
        } catch (IllegalStateException closed) {
            // Okio's word for a body another thread closed; its stream says so with this IOException.
            throw new IOException("closed", closed);
        }
        Buffer buffer = source.getBuffer();
        buffer.readUnsafe(cursor);
        try {
            // The bytes of the first segment, or -1 for an empty buffer.
            int n = cursor.seek(0);
            if (n <= 0) {
                // Emptied since the request by a close on another thread.
                throw new IOException("closed");
            }
            array = cursor.data;
            offset = cursor.start;
            return n;
        } finally {
            cursor.close();
        }
    }

    @Override
    public byte[] array() {
        return array;
    }

    @Override
    public int offset() {
        return offset;
    }

    @Override
    public void consumed(int n) {
        array = null;
        Buffer buffer = source.getBuffer();
        try {
            // Fewer than n only if another thread closed the body meanwhile, which empties the buffer: nothing is read after.
            buffer.skip(Math.min(n, buffer.size()));
        } catch (EOFException emptiedMeanwhile) {
            // The same close, between the two calls.
        }
    }
}
