package dev.streamguard.json;

import dev.streamguard.buffer.ByteBuilder;

/** Decoding the content of a JSON string literal to bytes, and encoding bytes as one. */
public final class JsonStrings {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The byte each one-letter escape stands for, by the letter; 0 for a letter that is not one. */
    private static final byte[] ONE_LETTER_ESCAPES = new byte[256];

    static {
        ONE_LETTER_ESCAPES['"'] = '"';
        ONE_LETTER_ESCAPES['\\'] = '\\';
        ONE_LETTER_ESCAPES['/'] = '/';
        ONE_LETTER_ESCAPES['b'] = '\b';
        ONE_LETTER_ESCAPES['f'] = '\f';
        ONE_LETTER_ESCAPES['n'] = '\n';
        ONE_LETTER_ESCAPES['r'] = '\r';
        ONE_LETTER_ESCAPES['t'] = '\t';
    }

    private JsonStrings() {
    }

    /**
     * Appends the text of the string whose raw content (between the quotes) is {@code [start, end)} as
     * UTF-8. Each {@code \\uXXXX} escape is encoded on its own, surrogates included, so that decoding two
     * fragments separately gives the same bytes as decoding their concatenation. An invalid escape is kept
     * as written: the rules only count and check these bytes.
     */
    public static void decode(byte[] src, int start, int end, ByteBuilder out) {
        // Decoded text is never longer than its escaped form: room for that much, then one pass writing into it.
        byte[] dst = out.room(end - start);
        int o = out.length();
        int i = start;
        while (i < end) {
            byte c = src[i++];
            if (c != '\\') {
                dst[o++] = c;
                continue;
            }
            if (i == end) {
                dst[o++] = c;
                break;
            }
            byte e = src[i++];
            // The one-letter escapes are nearly all there are in tool arguments (every quote of their JSON is
            // one): a table lookup for them, in place of a switch.
            byte letter = ONE_LETTER_ESCAPES[e & 0xff];
            int unit;
            if (letter != 0) {
                dst[o++] = letter;
            } else if (e == 'u' && i + 4 <= end && (unit = hex4(src, i)) >= 0) {
                o = putUtf8(unit, dst, o);
                i += 4;
            } else {
                dst[o++] = '\\';
                dst[o++] = e;
            }
        }
        out.grown(o - out.length());
    }

    /** Appends {@code bytes} as a JSON string literal, quotes included; UTF-8 passes through unescaped. */
    public static void encode(byte[] src, int start, int end, ByteBuilder out) {
        out.append((byte) '"');
        int plainStart = start;
        for (int i = start; i < end; i++) {
            byte b = src[i];
            if (b != '"' && b != '\\' && (b & 0xff) >= 0x20) {
                continue;
            }
            out.append(src, plainStart, i - plainStart);
            out.append((byte) '\\');
            switch (b) {
                case '"':
                case '\\':
                    out.append(b);
                    break;
                case '\n':
                    out.append((byte) 'n');
                    break;
                case '\r':
                    out.append((byte) 'r');
                    break;
                case '\t':
                    out.append((byte) 't');
                    break;
                default:
                    out.append((byte) 'u').append((byte) '0').append((byte) '0')
                            .append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            plainStart = i + 1;
        }
        out.append(src, plainStart, end - plainStart);
        out.append((byte) '"');
    }

    /** Whether the raw content {@code [aStart, aEnd)} of one string equals that of another byte for byte. */
    public static boolean rawEquals(byte[] src, int aStart, int aEnd, byte[] other) {
        if (aEnd - aStart != other.length) {
            return false;
        }
        for (int i = 0; i < other.length; i++) {
            if (src[aStart + i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the raw content {@code [start, end)} of a string begins with {@code prefix} byte for byte. */
    public static boolean rawStartsWith(byte[] src, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (src[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hex4(byte[] src, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(src[at + k], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Writes the UTF-8 form of one UTF-16 code unit (at most 3 bytes, fewer than its 6-byte escape). */
    private static int putUtf8(int unit, byte[] dst, int o) {
        if (unit < 0x80) {
            dst[o++] = (byte) unit;
        } else if (unit < 0x800) {
            dst[o++] = (byte) (0xc0 | (unit >> 6));
            dst[o++] = (byte) (0x80 | (unit & 0x3f));
        } else {
            dst[o++] = (byte) (0xe0 | (unit >> 12));
            dst[o++] = (byte) (0x80 | ((unit >> 6) & 0x3f));
            dst[o++] = (byte) (0x80 | (unit & 0x3f));
        }
        return o;
    }
}
