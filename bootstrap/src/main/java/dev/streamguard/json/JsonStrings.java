package dev.streamguard.json;

import dev.streamguard.buffer.ByteBuilder;

/** Decoding the content of a JSON string literal to bytes, and encoding bytes as one. */
public final class JsonStrings {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonStrings() {
    }

    /**
     * Appends the text of the string whose raw content (between the quotes) is {@code [start, end)} as
     * UTF-8. Each {@code \\uXXXX} escape is encoded on its own, surrogates included, so that decoding two
     * fragments separately gives the same bytes as decoding their concatenation. An invalid escape is kept
     * as written: the rules only count and check these bytes.
     */
    public static void decode(byte[] src, int start, int end, ByteBuilder out) {
        int i = start;
        int plainStart = i;
        while (i < end) {
            if (src[i] != '\\') {
                i++;
                continue;
            }
            out.append(src, plainStart, i - plainStart);
            if (i + 1 >= end) {
                out.append(src[i]);
                i++;
                plainStart = i;
                break;
            }
            byte e = src[i + 1];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out.append(e);
                    i += 2;
                    break;
                case 'b':
                    out.append((byte) '\b');
                    i += 2;
                    break;
                case 'f':
                    out.append((byte) '\f');
                    i += 2;
                    break;
                case 'n':
                    out.append((byte) '\n');
                    i += 2;
                    break;
                case 'r':
                    out.append((byte) '\r');
                    i += 2;
                    break;
                case 't':
                    out.append((byte) '\t');
                    i += 2;
                    break;
                case 'u': {
                    int unit = i + 6 <= end ? hex4(src, i + 2) : -1;
                    if (unit < 0) {
                        out.append(src, i, 2);
                        i += 2;
                    } else {
                        appendUtf8(unit, out);
                        i += 6;
                    }
                    break;
                }
                default:
                    out.append(src, i, 2);
                    i += 2;
            }
            plainStart = i;
        }
        out.append(src, plainStart, end - plainStart);
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

    private static void appendUtf8(int unit, ByteBuilder out) {
        if (unit < 0x80) {
            out.append((byte) unit);
        } else if (unit < 0x800) {
            out.append((byte) (0xc0 | (unit >> 6))).append((byte) (0x80 | (unit & 0x3f)));
        } else {
            out.append((byte) (0xe0 | (unit >> 12))).append((byte) (0x80 | ((unit >> 6) & 0x3f)))
                    .append((byte) (0x80 | (unit & 0x3f)));
        }
    }
}
