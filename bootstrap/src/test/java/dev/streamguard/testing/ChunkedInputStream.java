package dev.streamguard.testing;

import dev.streamguard.core.BufferedUpstream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An upstream body delivered in the given chunk sizes, one chunk per read at most. Read in place
 * ({@link BufferedUpstream}), each chunk is lent in memory of its own at an offset, which is overwritten once the
 * guard says it consumed it, as Okio reuses a segment: a guard that kept a reference to what it was lent would
 * show it in its output. Bytes the guard moves out ({@link #moveOut}) go to {@link #out} with its copies, and are
 * overwritten as soon as they left, as Okio may recycle a segment moved on.
 */
final class ChunkedInputStream extends InputStream implements BufferedUpstream {
    private static final int LENT_AT = 3;
    private final byte[] bytes;
    private final int[] sizes;
    private int chunk;
    private int pos;
    private int leftInChunk;
    private byte[] lent;
    /** How many bytes of the lent chunk were moved out or dropped before a move. */
    private int done;
    /** What left through {@link #moveOut} and {@link #writeOut}, in order. */
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int movedOut;

    ChunkedInputStream(byte[] bytes, int[] sizes) {
        this.bytes = bytes;
        this.sizes = sizes.clone();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (leftInChunk == 0) {
            if (chunk >= sizes.length) {
                return -1;
            }
            leftInChunk = sizes[chunk++];
        }
        int n = Math.min(len, leftInChunk);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        leftInChunk -= n;
        return n;
    }

    @Override
    public int fill() {
        while (leftInChunk == 0) {
            if (chunk >= sizes.length) {
                return -1;
            }
            leftInChunk = sizes[chunk++];
        }
        lent = new byte[LENT_AT + leftInChunk + 2];
        System.arraycopy(bytes, pos, lent, LENT_AT, leftInChunk);
        return leftInChunk;
    }

    @Override
    public byte[] array() {
        return lent;
    }

    @Override
    public int offset() {
        return LENT_AT;
    }

    @Override
    public void consumed(int n) {
        if (n < 1 || n > leftInChunk || n < done) {
            throw new AssertionError("consumed " + n + " of " + leftInChunk + " lent bytes, " + done + " of them moved out or dropped");
        }
        done = 0;
        pos += n;
        leftInChunk -= n;
        Arrays.fill(lent, (byte) '#');
    }

    @Override
    public void moveOut(int from, int len) {
        if (from < done || len < 1 || from + len > leftInChunk) {
            throw new AssertionError("moved out " + len + " bytes from " + from + " of " + leftInChunk + " lent, " + done + " gone");
        }
        out.write(lent, LENT_AT + from, len);
        movedOut += len;
        Arrays.fill(lent, LENT_AT + from, LENT_AT + from + len, (byte) '#');
        done = from + len;
    }

    /** How many bytes left through {@link #moveOut}. */
    int movedOut() {
        return movedOut;
    }

    @Override
    public void writeOut(byte[] b, int off, int len) {
        out.write(b, off, len);
    }
}
