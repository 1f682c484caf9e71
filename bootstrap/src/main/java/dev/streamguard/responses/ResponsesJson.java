package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bits of JSON text the Responses rules write. */
final class ResponsesJson {
    static final byte[] EMPTY_STRING = {'"', '"'};

    private ResponsesJson() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] decimal(long n) {
        return new ByteBuilder(20).appendDecimal(n).toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
