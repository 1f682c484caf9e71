package dev.streamguard.core;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The buffers the adapters read or copy the upstream into, so that streams do not each allocate 8 KiB of fresh memory
 * and leave it as garbage.
 *
 * <p>A buffer used within one call, never across a wait for the upstream (the push adapter's copy of a chunk that is not
 * in an array, the pull adapter's copy of a read whose output cannot be laid out over it), is lent from a small pool the
 * whole JVM shares, its first places first: the few buffers in use at once are the same ones call after call, still in
 * the caches of the cores that just used them. With hundreds of streams on a few cores, a buffer of each stream's own,
 * or of each of their threads, is cold at every read, and filling and reading it again cost about as much as the
 * guard's own work. A buffer the upstream is read into by a read that may block is the thread's spare, taken for a
 * whole stream; it is held softly, as jackson-core holds its buffers, so that memory pressure can take it. Both are
 * plain arrays of a boot class, and pin no class loader.
 */
final class ReadBuffers {
    static final int SIZE = 8192;
    /** The most buffers the pool holds, whatever the number of cores. */
    static final int POOL_LIMIT = 64;
    /** Enough for every core to have a call under way, and a few threads preempted in one. */
    private static final int LENT_AT_MOST = Math.max(8, Math.min(POOL_LIMIT, 2 * Runtime.getRuntime().availableProcessors()));
    /** One pool slot per 64-byte cache line (references take 4 bytes or 8), so that cores do not contend for one line. */
    private static final int SPACING = 16;
    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(LENT_AT_MOST * SPACING);
    private static final ThreadLocal<SoftReference<byte[]>> SPARE = new ThreadLocal<>();

    private ReadBuffers() {
    }

    /**
     * A buffer for one call: the one in the pool's first place that holds one, or a new one when all are lent. Give
     * it back before the call returns; nothing may keep a reference to it.
     */
    static byte[] lend() {
        for (int i = 0; i < POOL.length(); i += SPACING) {
            if (POOL.get(i) != null) {
                byte[] buffer = POOL.getAndSet(i, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return new byte[SIZE];
    }

    /** Returns a buffer {@link #lend()} lent, to the pool's first free place; with none free, it is left to the collector. */
    static void giveBack(byte[] buffer) {
        for (int i = 0; i < POOL.length(); i += SPACING) {
            if (POOL.get(i) == null && POOL.compareAndSet(i, null, buffer)) {
                return;
            }
        }
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
