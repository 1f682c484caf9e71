package dev.streamguard.core;

/**
 * 64-bit FNV-1a over bytes. Extending the fingerprint of a text by a suffix gives the fingerprint of the
 * concatenation, so the guard can recognise a repeat of arguments it no longer holds (D3, D4, D10).
 */
public final class Fingerprint {
    public static final long EMPTY = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    public static long extend(long hash, byte[] b, int off, int len) {
        long h = hash;
        for (int i = off; i < off + len; i++) {
            h ^= b[i] & 0xff;
            h *= PRIME;
        }
        return h;
    }

    public static long of(byte[] b, int off, int len) {
        return extend(EMPTY, b, off, len);
    }
}
