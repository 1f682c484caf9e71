package dev.streamguard.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.testing.JacksonOracle;
import dev.streamguard.testing.SseReference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link JsonStrings}: decoding string content to bytes (each {@code \\uXXXX} on its own, surrogates
 * included, as documented), encoding bytes as a JSON string, and the round trips between them.
 */
class JsonStringsTest {

    private static byte[] decode(String rawContent) {
        byte[] src = ("<" + rawContent + ">").getBytes(StandardCharsets.UTF_8); // a slice, not the whole array
        ByteBuilder out = new ByteBuilder(1);
        out.append((byte) '|');
        JsonStrings.decode(src, 1, src.length - 1, out);
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    private static String encode(byte[] bytes) {
        byte[] src = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, src, 1, bytes.length);
        ByteBuilder out = new ByteBuilder(1);
        JsonStrings.encode(src, 1, 1 + bytes.length, out);
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1); // byte for byte
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`plain`                   | 706c61696e",
        "`a\\\"b`                  | 612262",
        "`\\\\`                    | 5c",
        "`\\/`                     | 2f",
        "`\\b\\f\\n\\r\\t`         | 080c0a0d09",
        "`\\u0041\\u00e9\\u00E9`   | 41c3a9c3a9",
        "`\\u4e2d`                 | e4b8ad",
        "`\\u0000\\u001f\\u007f`   | 001f7f",
        "`\\u07ff\\u0800\\uffff`   | dfbfe0a080efbfbf",
        "`\u00e9\ud83d\ude00`      | c3a9f09f9880",
        // each escape on its own: a surrogate pair decodes to two 3-byte sequences (CESU-8), as documented
        "`\\ud83d\\ude00`          | eda0bdedb880",
        "`\\ud800`                 | eda080",
        // invalid escapes are kept as written
        "`\\x`                     | 5c78",
        "`\\u12`                   | 5c753132",
        "`\\uZZZZ`                 | 5c755a5a5a5a",
        "`\\u12G4`                 | 5c7531324734",
        "`ab\\`                    | 61625c",
        "``                        | ''",
    })
    void decodes(String raw, String expectedHex) {
        assertEquals(expectedHex.equals("''") ? "" : expectedHex, hex(decode(raw)), raw);
    }

    @Test
    void decodingFragmentsSplitBetweenEscapesEqualsDecodingTheWhole() {
        Random r = new Random(5);
        for (int n = 0; n < 2000; n++) {
            List<String> tokens = randomTokens(r);
            String whole = String.join("", tokens);
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            int cut = r.nextInt(tokens.size() + 1);
            pieces.writeBytes(decode(String.join("", tokens.subList(0, cut))));
            pieces.writeBytes(decode(String.join("", tokens.subList(cut, tokens.size()))));
            assertEquals(hex(decode(whole)), hex(pieces.toByteArray()), whole + " cut at token " + cut);
        }
    }

    /** Decoding agrees with Jackson, up to the documented CESU-8 encoding of escaped surrogates. */
    @Test
    void decodingAgreesWithJackson() {
        Random r = new Random(6);
        for (int n = 0; n < 3000; n++) {
            List<String> tokens = randomTokens(r);
            String content = String.join("", tokens);
            String jackson = (String) JacksonOracle.tree("\"" + content + "\"");
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            // Expected bytes: raw text stays UTF-8; each \\u escape becomes its own 1-3 byte sequence.
            for (String t : tokens) {
                if (t.startsWith("\\u")) {
                    appendCesu(expected, (char) Integer.parseInt(t.substring(2), 16));
                } else {
                    expected.writeBytes(((String) JacksonOracle.tree("\"" + t + "\"")).getBytes(StandardCharsets.UTF_8));
                }
            }
            assertEquals(hex(expected.toByteArray()), hex(decode(content)), content);
            if (!content.contains("\\ud") && !content.contains("\\uD")) {
                assertEquals(hex(jackson.getBytes(StandardCharsets.UTF_8)), hex(decode(content)), content);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "706c61696e       | `\"plain\"`",
        "                 | `\"\"`",
        "22               | `\"\\\"\"`",
        "5c               | `\"\\\\\"`",
        "2f               | `\"/\"`",
        "0a0d09           | `\"\\n\\r\\t\"`",
        "00011f08         | `\"\\u0000\\u0001\\u001f\\u0008\"`",
        "7f               | `\"\u007f\"`",
        "c3a9f09f9880     | `\"\u00c3\u00a9\u00f0\u009f\u0098\u0080\"`",
        "ff80             | `\"\u00ff\u0080\"`",
    })
    void encodes(String hexBytes, String expectedLatin1) {
        byte[] bytes = hexBytes == null ? new byte[0] : unhex(hexBytes);
        assertEquals(expectedLatin1, encode(bytes));
    }

    /** decode(encode(x)) == x for any bytes at all (invalid UTF-8 included). */
    @Test
    void encodeThenDecodeIsTheIdentityOnAnyBytes() {
        Random r = new Random(7);
        for (int n = 0; n < 5000; n++) {
            byte[] bytes = new byte[r.nextInt(40)];
            r.nextBytes(bytes);
            if (r.nextBoolean()) {
                String special = "\"\\/\n\r\t\b\f\u0000\u001fa u";
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) special.charAt(r.nextInt(special.length()));
                }
            }
            String encoded = encode(bytes);
            assertTrue(encoded.startsWith("\"") && encoded.endsWith("\"") && encoded.length() >= 2, encoded);
            byte[] content = encoded.substring(1, encoded.length() - 1).getBytes(StandardCharsets.ISO_8859_1);
            ByteBuilder decoded = new ByteBuilder(1);
            JsonStrings.decode(content, 0, content.length, decoded);
            assertEquals(hex(bytes), hex(decoded.toByteArray()), SseReference.show(bytes));
            for (byte b : content) {
                assertFalse((b & 0xff) < 0x20, "no raw control character in " + encoded);
            }
        }
    }

    /** encode(x) is a valid JSON string whose value, read by Jackson, is x (for UTF-8 text x). */
    @Test
    void encodedTextIsAJsonStringOfTheSameText() {
        Random r = new Random(8);
        String[] pieces = {"a", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f",
            "\u00e9", "\u4e2d", "\ud83d\ude00", "\u2028", "\ufeff", "\\u00e9", "{\"k\":[1]}"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int k = r.nextInt(12);
            for (int i = 0; i < k; i++) {
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] json = encode(utf8).getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(text, JacksonOracle.tree(json), "Jackson reading " + SseReference.show(json));
            JsonTextValidator v = new JsonTextValidator();
            v.feed(json, 0, json.length);
            assertEquals(JsonTextValidator.Verdict.COMPLETE, v.verdict(), SseReference.show(json));
        }
    }

    @Test
    void rawEqualsComparesBytesExactly() {
        byte[] src = "x\"stop\"y".getBytes(StandardCharsets.US_ASCII);
        assertTrue(JsonStrings.rawEquals(src, 2, 6, "stop".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(JsonStrings.rawEquals(src, 2, 6, "sto".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(JsonStrings.rawEquals(src, 2, 6, "stoP".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(JsonStrings.rawEquals(src, 2, 5, "stop".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(JsonStrings.rawEquals(src, 2, 2, new byte[0]));
    }

    // ------------------------------------------------------------------ helpers

    /** Tokens of string content: plain runs, short escapes and \\u escapes (surrogates, pairs, lone ones). */
    private static List<String> randomTokens(Random r) {
        String[] plain = {"a", "hello", " ", "\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "\u007f", "/", "'", "{}"};
        String[] escapes = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
        List<String> tokens = new ArrayList<>();
        int n = r.nextInt(10);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0:
                    tokens.add(plain[r.nextInt(plain.length)]);
                    break;
                case 1:
                    tokens.add(escapes[r.nextInt(escapes.length)]);
                    break;
                case 2: {
                    int c = r.nextInt(4) == 0 ? 0xd800 + r.nextInt(0x800) : r.nextInt(0x10000);
                    tokens.add(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", c));
                    break;
                }
                default: {
                    int cp = 0x10000 + r.nextInt(0x100000);
                    tokens.add(String.format("\\u%04x", (int) Character.highSurrogate(cp)));
                    tokens.add(String.format("\\u%04X", (int) Character.lowSurrogate(cp)));
                }
            }
        }
        return tokens;
    }

    private static void appendCesu(ByteArrayOutputStream out, char c) {
        if (c < 0x80) {
            out.write(c);
        } else if (c < 0x800) {
            out.write(0xc0 | (c >> 6));
            out.write(0x80 | (c & 0x3f));
        } else {
            out.write(0xe0 | (c >> 12));
            out.write(0x80 | ((c >> 6) & 0x3f));
            out.write(0x80 | (c & 0x3f));
        }
    }

    private static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
