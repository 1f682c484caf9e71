package dev.streamguard.core;

/**
 * A 64-bit polynomial hash over bytes: {@code h = h * M + b} for each byte, from a fixed seed. Extending the
 * fingerprint of a text by a suffix gives the fingerprint of the concatenation, so the guard can recognise a
 * repeat of a text it no longer holds (a tool call's name, a chunk's identity; tool arguments have their own,
 * {@link ToolArguments}). Four bytes are taken per step, with the powers of
 * {@code M} applied independently, which gives the same value as byte by byte at a fraction of the cost.
 * Like FNV it is no defence against texts made to collide; the upstream that could make them controls the
 * stream anyway, and a fingerprint is only ever compared together with a length.
 */
public final class Fingerprint {
    public static final long EMPTY = 0xcbf29ce484222325L;
    private static final long M = 0x100000001b3L;
    private static final long M2 = M * M;
    private static final long M3 = M2 * M;
    private static final long M4 = M3 * M;

    private Fingerprint() {
    }

    public static long extend(long hash, byte[] b, int off, int len) {
        long h = hash;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            h = h * M4 + (b[i] & 0xff) * M3 + (b[i + 1] & 0xff) * M2 + (b[i + 2] & 0xff) * M + (b[i + 3] & 0xff);
        }
        for (; i < end; i++) {
            h = h * M + (b[i] & 0xff);
        }
        return h;
    }

    public static long of(byte[] b, int off, int len) {
        return extend(EMPTY, b, off, len);
    }
}
