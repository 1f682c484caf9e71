package dev.streamguard.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A call's whole arguments as last restated and checked. A Responses call's arguments come whole three times
 * at its end (its {@code .done} event, its item's {@code output_item.done}, the completed response), each time the
 * same escaped text; a restatement known by its escaped length and hash is not decoded and fingerprinted again,
 * since the fragments it was compared with have not changed and the verdict on it cannot differ. Like
 * {@link Fingerprint}, the hash is no defence against texts made to collide, and is only compared together with
 * a length.
 */
final class Restatement {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K1 = 0x9e3779b97f4a7c15L;
    private static final long K2 = 0xc2b2ae3d27d4eb4fL;

    private final int escapedLength;
    private final long escapedHash;
    /** The decoded length, what the restatement counted for. */
    final long length;
    private final long fragmentsLength;
    private final long fragmentsFingerprint;

    Restatement(int escapedLength, long escapedHash, long length, ToolArguments fragments) {
        this.escapedLength = escapedLength;
        this.escapedHash = escapedHash;
        this.length = length;
        this.fragmentsLength = fragments.length();
        this.fragmentsFingerprint = fragments.fingerprint();
    }

    /** Whether {@code escapedLength} bytes hashing to {@code escapedHash} restate this again, with no fragment since. */
    boolean repeatedBy(int escapedLength, long escapedHash, ToolArguments fragments) {
        return escapedLength == this.escapedLength && escapedHash == this.escapedHash && fragments.length() == fragmentsLength
                && fragments.fingerprint() == fragmentsFingerprint;
    }

    /**
     * A hash of the whole text, eight bytes a step: restatements run to the size of the arguments, and the
     * polynomial {@link Fingerprint}, which must be extendable fragment by fragment, takes a multiplication per byte.
     */
    static long hash(byte[] b, int off, int len) {
        long h = Fingerprint.EMPTY ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * K1), 31) * K2;
        }
        for (; i < end; i++) {
            h = (h ^ (b[i] & 0xff)) * K1;
        }
        return h ^ (h >>> 32);
    }
}
