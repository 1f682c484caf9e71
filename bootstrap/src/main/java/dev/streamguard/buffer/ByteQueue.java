package dev.streamguard.buffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Output waiting for the client: appended by the engine, drained by an adapter, first in first out. While an
 * adapter lends it the client's buffer ({@link #deliverInto}), what is appended to an empty queue goes straight
 * there; only what does not fit is queued, in an array allocated when first needed.
 */
public final class ByteQueue {
    private static final int KEEP = 64 * 1024;
    private static final int FIRST_CAPACITY = 1024;
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE;
    private int head;
    private int tail;
    private byte[] target;
    /** The thread that lent {@link #target}: a close on another thread while it reads must not write there. */
    private volatile Thread targetOwner;
    private int targetStart;
    private int targetPos;
    private int targetEnd;
    private Sharer sharer;

    /** Takes bytes that stay unchanged where they are, so that they may leave as they are instead of as a copy. */
    public interface Sharer {
        void share(byte[] src, int off, int len);
    }

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
            if (target != null && targetOwner == Thread.currentThread()) {
                int n = Math.min(len, targetEnd - targetPos);
                System.arraycopy(src, off, target, targetPos, n);
                targetPos += n;
                off += n;
                len -= n;
                if (len == 0) {
                    return;
                }
            }
        }
        if (!fitsAfterCompacting(len)) {
            bytes = Arrays.copyOf(bytes, Math.max(tail + len, Math.max(FIRST_CAPACITY, bytes.length * 2)));
        }
        System.arraycopy(src, off, bytes, tail, len);
        tail += len;
    }

    /**
     * Bytes of the chunk being fed that go out unchanged: handed to the {@link #shareWith sharer} if there is one
     * (the chunk's owner lets them leave without a copy), otherwise appended.
     */
    public void appendUnchanged(byte[] src, int off, int len) {
        if (sharer != null && len > 0) {
            sharer.share(src, off, len);
        } else {
            append(src, off, len);
        }
    }

    /** Hands up to {@code max} of the queued bytes, the first, to {@code out} in one piece; returns how many. */
    public int drainTo(Sharer out, int max) {
        int n = Math.min(max, tail - head);
        if (n <= 0) {
            return 0;
        }
        out.share(bytes, head, n);
        head += n;
        if (head == tail) {
            emptied();
        }
        return n;
    }

    /** Until called again with null, {@link #appendUnchanged} hands its bytes to {@code sharer}. */
    public void shareWith(Sharer sharer) {
        this.sharer = sharer;
    }

    public void append(ByteBuilder src) {
        append(src.array(), 0, src.length());
    }

    /**
     * Until {@link #stopDelivering}, bytes appended while the queue is empty go into {@code dst[off, off+len)}
     * instead, in order; the queue must be empty now.
     */
    public void deliverInto(byte[] dst, int off, int len) {
        if (head != tail) {
            throw new IllegalStateException("the queue holds " + (tail - head) + " bytes that go first");
        }
        target = dst;
        targetStart = off;
        targetPos = off;
        targetEnd = off + len;
        targetOwner = Thread.currentThread();
    }

    /** Ends {@link #deliverInto}; returns how many bytes went into the lent buffer. */
    public int stopDelivering() {
        targetOwner = null;
        int n = targetPos - targetStart;
        target = null;
        return n;
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

    /**
     * Makes room for {@code len} more bytes in the array appends go to, so that what they add up to can leave in
     * one piece ({@link #drainToBuffer}) without a copy.
     */
    public void reserve(int len) {
        if (!fitsAfterCompacting(len)) {
            bytes = Arrays.copyOf(bytes, tail + len);
        }
    }

    /** Whether {@code len} more bytes fit the array, once what is queued moved to its start if they did not. */
    private boolean fitsAfterCompacting(int len) {
        if (tail + len <= bytes.length) {
            return true;
        }
        if (head > 0) {
            System.arraycopy(bytes, head, bytes, 0, tail - head);
            tail -= head;
            head = 0;
        }
        return tail + len <= bytes.length;
    }

    /**
     * Everything queued, as a buffer the caller may keep; the queue is left empty. When the bytes fill at least
     * half of the queue's array, the array itself goes (no copy, and the queue holds no memory until its next
     * append); otherwise they are copied out and the array stays for what comes next.
     */
    public ByteBuffer drainToBuffer() {
        int n = tail - head;
        if (n >= bytes.length / 2) {
            ByteBuffer whole = ByteBuffer.wrap(bytes, head, n).slice();
            bytes = NONE;
            head = 0;
            tail = 0;
            return whole;
        }
        byte[] out = Arrays.copyOfRange(bytes, head, tail);
        emptied();
        return ByteBuffer.wrap(out);
    }
}
