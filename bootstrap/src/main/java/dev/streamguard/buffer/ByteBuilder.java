package dev.streamguard.buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for building one event at a time; {@link #release} gives back a large backing array. */
public final class ByteBuilder {
    private static final int KEEP = 64 * 1024;

    private byte[] bytes;
    private int length;

    public ByteBuilder() {
        this(512);
    }

    public ByteBuilder(int capacity) {
        bytes = new byte[capacity];
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    /** Keeps the first {@code newLength} bytes. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException(newLength + " of " + length);
        }
        length = newLength;
    }

    /** Clears, and drops the backing array if an unusually large event made it grow. */
    public void release() {
        length = 0;
        if (bytes.length > KEEP) {
            bytes = new byte[KEEP];
        }
    }

    /**
     * Makes room for {@code n} more bytes and returns the backing array, for a caller that writes them itself
     * from {@link #length()} on and then counts what it wrote with {@link #grown}.
     */
    public byte[] room(int n) {
        ensure(n);
        return bytes;
    }

    /** Counts {@code n} bytes written into {@link #room}. */
    public void grown(int n) {
        if (n < 0 || length + n > bytes.length) {
            throw new IndexOutOfBoundsException(n + " more than " + length + " of " + bytes.length);
        }
        length += n;
    }

    public ByteBuilder append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    public ByteBuilder append(byte[] src) {
        return append(src, 0, src.length);
    }

    public ByteBuilder append(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
        return this;
    }

    public ByteBuilder append(ByteBuilder other) {
        return append(other.bytes, 0, other.length);
    }

    public ByteBuilder appendAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteBuilder appendDecimal(long value) {
        return appendAscii(Long.toString(value));
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        int need = length + more;
        if (need < 0) {
            throw new IllegalStateException("buffer over 2 GiB");
        }
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length + (bytes.length >> 1)));
        }
    }
}
