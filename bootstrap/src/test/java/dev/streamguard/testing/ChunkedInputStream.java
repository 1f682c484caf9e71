package dev.streamguard.testing;

import java.io.InputStream;

/** An upstream body delivered in the given chunk sizes, one chunk per read at most. */
final class ChunkedInputStream extends InputStream {
    private final byte[] bytes;
    private final int[] sizes;
    private int chunk;
    private int pos;
    private int leftInChunk;

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
}
