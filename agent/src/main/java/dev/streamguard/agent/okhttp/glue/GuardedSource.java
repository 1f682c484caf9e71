package dev.streamguard.agent.okhttp.glue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * The guarded body as an Okio source, reading the guard into the sink's own segments. Okio's
 * {@code Okio.source(InputStream)} offers the stream only the room left in the sink's last segment, often a few
 * bytes: the guard, which reads the upstream a whole chunk at a time, then queued most of each chunk's output and
 * copied it again on the next read. Here a read that will take the upstream gets a whole segment, and one that
 * only takes what the guard has queued fills the room there is. The cursor and descriptors used are the same in
 * Okio 1.17 (OkHttp 3.14), 2.x and 3.x.
 */
final class GuardedSource implements Source {
    private static final int SEGMENT = 8192;
    private final InputStream guarded;
    private final Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();

    GuardedSource(InputStream guarded) {
        this.guarded = guarded;
    }

    /** Reads one byte through this class: throws if the Okio loaded lacks a method it uses (a {@link LinkageError}). */
    static void checkOkio() throws IOException {
        Buffer sink = new Buffer();
        if (new GuardedSource(new ByteArrayInputStream(new byte[] {'x'})).read(sink, SEGMENT) != 1 || sink.readByte() != 'x') {
            throw new IllegalStateException("Okio's cursor does not take the bytes written through it");
        }
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        if (byteCount < 0) {
            throw new IllegalArgumentException("byteCount < 0: " + byteCount);
        }
        if (byteCount == 0) {
            return 0;
        }
        int wanted = guarded.available() > 0 ? 1 : SEGMENT;
        long size = sink.size();
        int n = -1;
        sink.readAndWriteUnsafe(cursor);
        try {
            long room = cursor.expandBuffer(wanted);
            n = guarded.read(cursor.data, cursor.start, (int) Math.min(room, byteCount));
        } finally {
            cursor.resizeBuffer(size + Math.max(n, 0));
            cursor.close();
        }
        return n;
    }

    @Override
    public Timeout timeout() {
        return Timeout.NONE;
    }

    @Override
    public void close() throws IOException {
        guarded.close();
    }
}
