package dev.streamguard.agent.okhttp.glue;

import dev.streamguard.core.BufferedUpstream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The original body's bytes where Okio buffers them, one segment at a time, for the guard to read in place. Its
 * source is the one behind the body's {@code byteStream()}, which the guard reads when it passes the body through:
 * both take from the same buffer. What the guard passes unchanged moves on into the buffer of the application's
 * source as Okio moves segments between buffers, without a copy, except the last run of a fill that ends in a cut
 * event (the guard carries that itself): that run leaves as a copy, and its segment stays at the head of the source's
 * buffer with the cut event's bytes until the next fill. Okio then appends the body's next bytes to that segment;
 * into an empty buffer it would split the connection's segment, share its array between the halves and recycle
 * neither, so that every read of the socket took a new segment. The calls it makes have the same JVM descriptors in
 * Okio 1.17 (OkHttp 3.14), 2.x and 3.x (OkHttp 4 and 5).
 */
final class SegmentUpstream implements BufferedUpstream {
    private final BufferedSource source;
    private final Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();
    private byte[] array;
    private int offset;
    /** Bytes of the last fill moved on (or to be, {@link #pending}), or dropped before a move. */
    private int done;
    /** The bytes of the last move, made when the next output comes or the fill is consumed; 0 for none. */
    private int pending;
    /** Where the output goes during a read of the application's source. */
    private Buffer sink;
    /**
     * Bytes the guard read and keeps itself (the event the last fill ended in) that stay at the head of the source's
     * buffer until the next fill, so that Okio appends what it reads next to their segment: into an empty buffer it
     * would split the connection's segment instead, and never recycle either half.
     */
    private int kept;

    SegmentUpstream(BufferedSource source) {
        this.source = source;
    }

    /**
     * Reads, moves, writes, copies and keeps a few bytes through this class: throws if the Okio loaded lacks a method it uses (a
     * {@link LinkageError}) or does not behave as it expects.
     */
    static void checkOkio() throws IOException {
        SegmentUpstream mover = new SegmentUpstream(new Buffer().writeUtf8("xyzv"));
        Buffer sink = new Buffer();
        mover.into(sink);
        if (mover.fill() != 4 || mover.array()[mover.offset()] != 'x') {
            throw new IllegalStateException("Okio's cursor does not show its buffered bytes");
        }
        mover.moveOut(0, 1);
        mover.writeOut(new byte[] {'w'}, 0, 1);
        mover.moveOut(2, 1);
        mover.consumed(4);
        if (!sink.readUtf8().equals("xwz") || mover.fill() != -1) {
            throw new IllegalStateException("Okio does not move bytes between buffers as expected");
        }
    }

    /**
     * The body as a stream, for the guard's reads when it passes the body through: the source's own, without the bytes
     * kept.
     */
    InputStream inputStream() {
        return new KeptBytesDropped(source.inputStream());
    }

    /** The buffer the application's source reads into, for the read under way; null between reads. */
    void into(Buffer sink) {
        this.sink = sink;
    }

    @Override
    public int fill() throws IOException {
        try {
            boolean more = source.request(kept + 1L);
            dropKept();
            if (!more) {
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
        int rest = n - done;
        int run = pending;
        if (run > 0) {
            if (rest == 0) {
                move(run);
            } else if (source.getBuffer().size() >= run + rest) {
                // The segment stays for the rest: the run leaves as a copy (unless another thread closed the body).
                sink.write(array, offset + done - run, run);
                skip(run);
            }
        }
        array = null;
        done = 0;
        pending = 0;
        kept = rest;
    }

    private void dropKept() {
        if (kept > 0) {
            skip(kept);
            kept = 0;
        }
    }

    @Override
    public void moveOut(int from, int len) {
        movePending();
        skip(from - done);
        done = from + len;
        pending = len;
    }

    @Override
    public void writeOut(byte[] b, int off, int len) {
        movePending();
        sink.write(b, off, len);
    }

    /** A run that is not the fill's last moves alone, its segment split. */
    private void movePending() {
        if (pending > 0) {
            move(pending);
            pending = 0;
        }
    }

    /** Moves {@code n} bytes on (none if another thread emptied the body meanwhile). */
    private void move(int n) {
        try {
            sink.write(source.getBuffer(), n);
        } catch (RuntimeException emptiedMeanwhile) {
            // Fewer than n bytes only if another thread closed the body meanwhile: nothing is read after.
        }
    }

    private void skip(int n) {
        Buffer buffer = source.getBuffer();
        try {
            // Fewer than n only if another thread closed the body meanwhile, which empties the buffer: nothing is read after.
            buffer.skip(Math.min(n, buffer.size()));
        } catch (EOFException emptiedMeanwhile) {
            // The same close, between the two calls.
        }
    }

    private final class KeptBytesDropped extends FilterInputStream {
        KeptBytesDropped(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            dropKept();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            dropKept();
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            dropKept();
            return super.skip(n);
        }

        @Override
        public int available() throws IOException {
            dropKept();
            return super.available();
        }
    }
}
