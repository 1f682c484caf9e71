package dev.streamguard.core;

import java.nio.charset.StandardCharsets;

/**
 * How many bytes of tool arguments an event carries, counted without the protocol's rules: the length of every
 * value of a member named {@code arguments}, {@code partial_json}, {@code args} or {@code input}, found by
 * byte search. Used where no rule follows the arguments (events of another protocol or malformed ones in a
 * recognised stream, every event after an internal failure of the guard), to keep the stream's argument
 * budget holding (D20); it errs on the side of counting too much. Never throws, whatever the bytes.
 */
final class UnguardedArguments {
    private static final byte[][] KEYS = {ascii("\"arguments\""), ascii("\"partial_json\""), ascii("\"args\""), ascii("\"input\"")};

    private UnguardedArguments() {
    }

    static long count(byte[] data, int start, int end) {
        long total = 0;
        int i = start;
        while (i < end) {
            int keyEnd = keyEndAt(data, i, end);
            if (keyEnd < 0) {
                i++;
                continue;
            }
            int v = skipSpace(data, keyEnd, end);
            if (v < end && data[v] == ':') {
                v = skipSpace(data, v + 1, end);
                int valueEnd = valueEnd(data, v, end);
                total += valueEnd - v;
                i = Math.max(valueEnd, v + 1);
            } else {
                i = keyEnd;
            }
        }
        return total;
    }

    private static int keyEndAt(byte[] data, int at, int end) {
        if (data[at] != '"') {
            return -1;
        }
        outer:
        for (byte[] key : KEYS) {
            if (end - at < key.length) {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (data[at + k] != key[k]) {
                    continue outer;
                }
            }
            return at + key.length;
        }
        return -1;
    }

    private static int skipSpace(byte[] data, int i, int end) {
        while (i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** The end of the value at {@code i}: a string, a container (to its matching bracket) or a scalar. */
    private static int valueEnd(byte[] data, int i, int end) {
        if (i >= end) {
            return end;
        }
        if (data[i] == '"') {
            return stringEnd(data, i, end);
        }
        if (data[i] != '{' && data[i] != '[') {
            while (i < end && data[i] != ',' && data[i] != '}' && data[i] != ']') {
                i++;
            }
            return i;
        }
        int depth = 0;
        while (i < end) {
            byte b = data[i];
            if (b == '"') {
                i = stringEnd(data, i, end);
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return end;
    }

    private static int stringEnd(byte[] data, int quote, int end) {
        int i = quote + 1;
        while (i < end) {
            if (data[i] == '\\') {
                i += 2;
            } else if (data[i] == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
