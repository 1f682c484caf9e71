package dev.streamguard.core;

import java.lang.ref.SoftReference;

/**
 * The buffers the adapters read the upstream into, kept per thread: a thread that reads streams one after another
 * takes the same array back instead of each stream allocating 8 KiB of fresh memory and leaving it as garbage.
 * The pull adapter takes the thread's spare for a whole stream; the push adapter copies a chunk that is not in an
 * array (a direct buffer) through the thread's scratch buffer, within one call. Both are held softly, as
 * jackson-core holds its buffers, so that memory pressure can take them; they are plain arrays of a boot class,
 * and pin no class loader.
 */
final class ReadBuffers {
    static final int SIZE = 8192;
    private static final ThreadLocal<SoftReference<byte[]>> SPARE = new ThreadLocal<>();
    private static final ThreadLocal<SoftReference<byte[]>> SCRATCH = new ThreadLocal<>();

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

    /**
     * This thread's scratch buffer: for bytes copied and consumed within one call on this thread, never kept
     * past it (the guard keeps no reference to what it is fed).
     */
    static byte[] scratch() {
        SoftReference<byte[]> held = SCRATCH.get();
        byte[] buffer = held != null ? held.get() : null;
        if (buffer == null) {
            buffer = new byte[SIZE];
            SCRATCH.set(new SoftReference<>(buffer));
        }
        return buffer;
    }
}
