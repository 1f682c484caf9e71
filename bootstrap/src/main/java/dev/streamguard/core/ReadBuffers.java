package dev.streamguard.core;

import java.lang.ref.SoftReference;

/**
 * The buffers the pull adapter reads the upstream into, one spare kept per thread: a thread that reads streams
 * one after another takes the same array back instead of each stream allocating 8 KiB of fresh memory and
 * leaving it as garbage. The spare is held softly, as jackson-core holds its
 * buffers, so that memory pressure can take it; it is a plain array of a boot class, and pins no class loader.
 */
final class ReadBuffers {
    static final int SIZE = 8192;
    private static final ThreadLocal<SoftReference<byte[]>> SPARE = new ThreadLocal<>();

    private ReadBuffers() {
    }

    /** This thread's spare buffer, or a new one. */
    static byte[] take() {
        SoftReference<byte[]> spare = SPARE.get();
        if (spare != null) {
            byte[] buffer = spare.get();
            SPARE.set(null);
            if (buffer != null) {
                return buffer;
            }
        }
        return new byte[SIZE];
    }

    /**
     * Keeps {@code buffer} as this thread's spare, if it has none. Only the thread that read into it may give it,
     * once nothing will be read into it again.
     */
    static void give(byte[] buffer) {
        if (SPARE.get() == null) {
            SPARE.set(new SoftReference<>(buffer));
        }
    }
}
