package dev.streamguard.testing;

import dev.streamguard.core.BufferedUpstream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An upstream body delivered in the given chunk sizes, one chunk per read at most. Read in place
 * ({@link BufferedUpstream}), each chunk is lent in memory of its own at an offset, which is overwritten once the
 * guard says it consumed it, as Okio reuses a segment: a guard that kept a reference to what it was lent would
 * show it in its output.
 */
final class ChunkedInputStream extends InputStream implements BufferedUpstream {
    private static final int LENT_AT = 3;
    private final byte[] bytes;
    private final int[] sizes;
    private int chunk;
    private int pos;
    private int leftInChunk;
    private byte[] lent;

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
        if (n < 1 || n > leftInChunk) {
            throw new AssertionError("consumed " + n + " of " + leftInChunk + " lent bytes");
        }
        pos += n;
        leftInChunk -= n;
        Arrays.fill(lent, (byte) '#');
    }
}
