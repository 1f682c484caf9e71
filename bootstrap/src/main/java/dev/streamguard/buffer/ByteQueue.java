package dev.streamguard.buffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Output waiting for the client: appended by the engine, drained by an adapter, first in first out. */
public final class ByteQueue {
    private static final int KEEP = 64 * 1024;

    private byte[] bytes = new byte[8 * 1024];
    private int head;
    private int tail;

    public int available() {
        return tail - head;
    }

    public void append(byte[] src, int off, int len) {
        if (len == 0) {
            return;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        if (tail + len > bytes.length) {
            if (head > 0) {
                System.arraycopy(bytes, head, bytes, 0, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(tail + len, bytes.length * 2));
            }
        }
        System.arraycopy(src, off, bytes, tail, len);
        tail += len;
    }

    public void append(ByteBuilder src) {
        append(src.array(), 0, src.length());
    }

    /** Copies up to {@code len} bytes out; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = Math.min(len, tail - head);
        System.arraycopy(bytes, head, dst, off, n);
        head += n;
        if (head == tail) {
            emptied();
        }
        return n;
    }

    private void emptied() {
        head = 0;
        tail = 0;
        if (bytes.length > KEEP) {
            bytes = new byte[KEEP];
        }
    }

    /** Everything queued, as a new buffer the caller may keep; the queue is left empty. */
    public ByteBuffer drainToBuffer() {
        byte[] out = Arrays.copyOfRange(bytes, head, tail);
        emptied();
        return ByteBuffer.wrap(out);
    }
}
