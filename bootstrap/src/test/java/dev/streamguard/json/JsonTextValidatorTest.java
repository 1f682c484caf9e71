package dev.streamguard.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.json.JsonTextValidator.Verdict;
import dev.streamguard.testing.JacksonOracle;
import dev.streamguard.testing.JacksonOracle.Reading;
import dev.streamguard.testing.SseReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link JsonTextValidator}: specific verdicts and messages, and a randomized differential test against
 * Jackson. The validator sees the text in arbitrary pieces, so every case is also fed in random splits and
 * byte by byte, and must reach the same verdict and message.
 */
class JsonTextValidatorTest {

    private static JsonTextValidator validate(byte[] text, List<Integer> splits) {
        JsonTextValidator v = new JsonTextValidator();
        int at = 0;
        for (int size : splits) {
            v.feed(text, at, size);
            at += size;
        }
        if (at < text.length) {
            v.feed(text, at, text.length - at);
        }
        return v;
    }

    private static JsonTextValidator validate(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        JsonTextValidator whole = validate(b, List.of());
        JsonTextValidator bytewise = new JsonTextValidator();
        for (int i = 0; i < b.length; i++) {
            bytewise.feed(b, i, 1);
        }
        assertEquals(whole.verdict(), bytewise.verdict(), () -> "byte by byte, " + text);
        assertEquals(whole.problem(), bytewise.problem(), () -> "byte by byte, " + text);
        return whole;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{}", "[]", "`\"a\"`", "0", "-0", "1.5e+10", "-12.25E-3", "true", "false", "null",
        "` {\"a\":[1,2,{\"b\":null}],\"c\":\"\\u00e9\\n\\\"\"} `", "`\"\\ud83d\\ude00 \\/ \\\\ \\b\\f\\r\\t\"`",
        "`[[[[[[[]]]]]]]`", "`{\"\":{}}`", "`\"\u00e9\u4e2d\ud83d\ude00\"`", "`\t\n\r [ 1 , 2 ] \r\n`", "` 7 `",
        "`\"\u007f\"`", "`[1e5,1E+5,1e-5,0.0,-0.5]`"
    })
    void complete(String text) {
        JsonTextValidator v = validate(text);
        assertEquals(Verdict.COMPLETE, v.verdict(), text);
        assertNull(v.problem(), text);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, v.length());
        assertEquals(Reading.ONE_VALUE, JacksonOracle.read(text.getBytes(StandardCharsets.UTF_8)), "oracle agrees on " + text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{`                 | it ends with an unclosed object after 1 bytes",
        "`[{`                | it ends with 2 unclosed objects and arrays after 2 bytes",
        "`{\"a\"`            | it ends with an unclosed object after 4 bytes",
        "`{\"a\":`           | it ends with an unclosed object after 5 bytes",
        "`{\"a\":1`          | it ends with an unclosed object after 6 bytes",
        "`[1,`               | it ends with an unclosed array after 3 bytes",
        "`[12`               | it ends with an unclosed array after 3 bytes",
        "`\"abc`             | it ends inside a string after 4 bytes",
        "`\"\\`              | it ends inside a string after 2 bytes",
        "`\"\\u00`           | it ends inside a string after 5 bytes",
        "`{\"ke`             | it ends inside a string after 4 bytes",
        "`tru`               | it ends inside a value after 3 bytes",
        "`[nul`              | it ends inside a value after 4 bytes",
        "`-`                 | it ends inside a value after 1 bytes",
        "`1.`                | it ends inside a value after 2 bytes",
        "`1e`                | it ends inside a value after 2 bytes",
        "`1e+`               | it ends inside a value after 3 bytes",
    })
    void incomplete(String text, String problem) {
        JsonTextValidator v = validate(text);
        assertEquals(Verdict.INCOMPLETE, v.verdict(), text);
        assertEquals(problem, v.problem(), text);
        assertNotEquals(Reading.ONE_VALUE, JacksonOracle.read(text.getBytes(StandardCharsets.UTF_8)), "oracle on " + text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`}`                 | '}' at byte 0: a value was expected",
        "`]`                 | ']' at byte 0: a value was expected",
        "`{\"a\" 1}`         | '1' at byte 5: ':' was expected",
        "`[1 2]`             | '2' at byte 3: ',' or the end of the array was expected",
        "`{\"a\":1 \"b\":2}` | '\"' at byte 7: ',' or the end of the object was expected",
        "`{\"a\":1,}`        | '}' at byte 7: a key was expected",
        "`{1:2}`             | '1' at byte 1: a key was expected",
        "`{]`                | ']' at byte 1: a key was expected",
        "`[1,]`              | ']' at byte 3: a value was expected",
        "`[1}`               | '}' at byte 2: it closes a container that is not open",
        "`{\"a\":1]`         | ']' at byte 6: it closes a container that is not open",
        "`{} {}`             | '{' at byte 3: the value was already complete",
        "`1 2`               | '2' at byte 2: the value was already complete",
        "`01`                | '1' at byte 1: the value was already complete",
        "`[01]`              | '1' at byte 2: ',' or the end of the array was expected",
        "`\"\\x\"`           | 'x' at byte 2: an invalid escape",
        "`\"\\u12G4\"`       | 'G' at byte 5: an invalid \\u escape",
        "`-a`                | 'a' at byte 1: an invalid number",
        "`1.e5`              | 'e' at byte 2: an invalid number",
        "`1e+x`              | 'x' at byte 3: an invalid number",
        "`tx`                | 'x' at byte 1: an invalid literal",
        "`nulll`             | 'l' at byte 4: the value was already complete",
        "`+1`                | '+' at byte 0: a value was expected",
        "`.5`                | '.' at byte 0: a value was expected",
        "`'a'`               | ''' at byte 0: a value was expected",
        "`[\u00e9]`          | byte 0xc3 at byte 1: a value was expected",
    })
    void invalid(String text, String problem) {
        JsonTextValidator v = validate(text);
        assertEquals(Verdict.INVALID, v.verdict(), text);
        assertEquals(problem, v.problem(), text);
        Reading jackson = JacksonOracle.read(text.getBytes(StandardCharsets.UTF_8));
        assertTrue(jackson == Reading.ERROR || jackson == Reading.SEVERAL_VALUES, "oracle on " + text + ": " + jackson);
    }

    @Test
    void controlCharactersInsideStringsAreInvalid() {
        for (int c = 0; c < 0x20; c++) {
            byte[] text = {'"', 'a', (byte) c, '"'};
            JsonTextValidator v = validate(text, List.of());
            assertEquals(Verdict.INVALID, v.verdict(), "control 0x" + Integer.toHexString(c));
            assertEquals(String.format("byte 0x%02x at byte 2: a control character inside a string", c), v.problem());
        }
    }

    @Test
    void emptyAndWhiteSpaceOnly() {
        for (String text : new String[] {"", " ", "\n\r\t "}) {
            JsonTextValidator v = validate(text);
            assertEquals(Verdict.EMPTY, v.verdict(), "[" + text + "]");
            assertNull(v.problem());
        }
    }

    @Test
    void anErrorIsFinalWhateverFollows() {
        JsonTextValidator v = validate("{\"a\":}");
        assertEquals(Verdict.INVALID, v.verdict());
        String problem = v.problem();
        byte[] more = "\"b\"}".getBytes(StandardCharsets.UTF_8);
        v.feed(more, 0, more.length);
        assertEquals(Verdict.INVALID, v.verdict());
        assertEquals(problem, v.problem());
        assertEquals("'}' at byte 5: a value was expected", problem);
    }

    @Test
    void deepNestingBeyondOneWordOfContainerBits() {
        // 300 levels alternating objects and arrays: the container stack grows past 64 bits (and 4 words).
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                open.append("{\"k\":");
                close.insert(0, '}');
            } else {
                open.append('[');
                close.insert(0, ']');
            }
        }
        String valid = open + "1" + close;
        assertEquals(Verdict.COMPLETE, validate(valid).verdict());
        assertEquals(Verdict.INCOMPLETE, validate(open.toString()).verdict());
        assertEquals("it ends with 300 unclosed objects and arrays after " + open.length() + " bytes",
                validate(open.toString()).problem());
        // Close the 200th level with the wrong bracket.
        String wrong = open + "1" + close.substring(0, 100) + (close.charAt(100) == '}' ? ']' : '}');
        assertEquals(Verdict.INVALID, validate(wrong).verdict(), wrong);
    }

    @Test
    void resetMakesTheValidatorReusable() {
        JsonTextValidator v = new JsonTextValidator();
        byte[] deep = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{\"a\":\"\\u12"
                .getBytes(StandardCharsets.UTF_8);
        v.feed(deep, 0, deep.length);
        assertEquals(Verdict.INCOMPLETE, v.verdict());
        v.reset();
        assertEquals(Verdict.EMPTY, v.verdict());
        assertEquals(0, v.length());
        byte[] next = "{\"b\":[true]}".getBytes(StandardCharsets.UTF_8);
        v.feed(next, 0, next.length);
        assertEquals(Verdict.COMPLETE, v.verdict());
        assertEquals(next.length, v.length());
        byte[] bad = "x".getBytes(StandardCharsets.UTF_8);
        v.feed(bad, 0, 1);
        v.reset();
        byte[] str = "\"ok\"".getBytes(StandardCharsets.UTF_8);
        v.feed(str, 0, str.length);
        assertEquals(Verdict.COMPLETE, v.verdict());
        assertNull(v.problem());
    }

    // ------------------------------------------------------------------ differential test against Jackson

    @Test
    void agreesWithJacksonOnRandomTexts() {
        Random r = new Random(4242);
        int[] verdicts = new int[Verdict.values().length];
        int prefixes = 0;
        for (int n = 0; n < 4000; n++) {
            String value = randomValue(r, 0);
            String text = ws(r) + value + ws(r);
            byte[] valid = text.getBytes(StandardCharsets.UTF_8);
            // 1. the valid text
            verdicts[check(valid, r).ordinal()]++;
            // 2. every prefix of a short valid text, some prefixes of a long one: never INVALID
            int step = valid.length <= 40 ? 1 : Math.max(1, valid.length / 25);
            for (int cut = 0; cut < valid.length; cut += step) {
                byte[] prefix = java.util.Arrays.copyOf(valid, cut);
                Verdict v = check(prefix, r);
                prefixes++;
                if (v == Verdict.INVALID) {
                    fail("a prefix of valid JSON was found INVALID: " + SseReference.show(prefix) + " of "
                            + SseReference.show(valid) + ": " + validate(prefix, List.of()).problem());
                }
            }
            // 3. random mutations
            for (int m = 0; m < 3; m++) {
                verdicts[check(mutate(text, r).getBytes(StandardCharsets.UTF_8), r).ordinal()]++;
            }
        }
        System.out.printf("validator vs Jackson: verdicts %s over mutations and values, %d prefixes%n",
                java.util.Arrays.toString(verdicts), prefixes);
        for (Verdict v : new Verdict[] {Verdict.COMPLETE, Verdict.INCOMPLETE, Verdict.INVALID}) {
            assertTrue(verdicts[v.ordinal()] > 500, "too few " + v + " cases: " + java.util.Arrays.toString(verdicts));
        }
    }

    /** Validates {@code text} whole and in random splits; checks against Jackson; returns the verdict. */
    private static Verdict check(byte[] text, Random r) {
        JsonTextValidator whole = validate(text, List.of());
        Verdict verdict = whole.verdict();
        List<Integer> splits = new ArrayList<>();
        int left = text.length;
        while (left > 0) {
            int size = Math.min(left, r.nextInt(6)); // zero-length pieces included
            splits.add(size);
            left -= size;
            if (r.nextInt(20) == 0) {
                break;
            }
        }
        JsonTextValidator split = validate(text, splits);
        if (split.verdict() != verdict || !java.util.Objects.equals(split.problem(), whole.problem())) {
            fail("split " + splits + " changes the verdict on " + SseReference.show(text) + ": " + verdict + "/"
                    + whole.problem() + " vs " + split.verdict() + "/" + split.problem());
        }
        Reading jackson = JacksonOracle.read(text);
        boolean consistent;
        switch (verdict) {
            case COMPLETE:
                consistent = jackson == Reading.ONE_VALUE;
                break;
            case EMPTY:
                consistent = jackson == Reading.EMPTY;
                break;
            default:
                consistent = jackson == Reading.ERROR || jackson == Reading.SEVERAL_VALUES;
        }
        if (!consistent && verdict == Verdict.COMPLETE
                && JacksonOracle.error(text).matches("(?s)(Broken surrogate pair|Unexpected low surrogate) in field name.*")) {
            // Jackson is stricter than RFC 8259 (section 7 allows any \\uXXXX): it rejects a lone surrogate
            // escape in a key. Not a validator question.
            consistent = true;
        }
        if (!consistent) {
            fail("validator says " + verdict + " (" + whole.problem() + ") but Jackson reads " + jackson + " on "
                    + SseReference.show(text));
        }
        if (verdict == Verdict.INVALID) {
            // The problem names the byte where the text stopped being a prefix of any JSON value.
            int at = Integer.parseInt(whole.problem().replaceAll("^.* at byte (\\d+): .*$", "$1"));
            assertNotEquals(Verdict.INVALID, validate(java.util.Arrays.copyOf(text, at), List.of()).verdict());
            assertEquals(Verdict.INVALID, validate(java.util.Arrays.copyOf(text, at + 1), List.of()).verdict());
        }
        return verdict;
    }

    private static final String[] STRINGS = {
        "", "a", "hello world", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u00e9", "\\u00E9", "\\ud83d\\ude00", "\\ud800",
        "\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "\u007f", "{[,:]}", "tab\\there", " spaced "
    };
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "42", "123456789", "0.5", "-0.25", "1e3", "1E+3", "1e-3", "2.5E10", "-9.75e-2", "10"
    };

    static String randomValue(Random r, int depth) {
        int k = r.nextInt(depth >= 4 ? 5 : 8);
        switch (k) {
            case 0:
            case 1:
                return "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 2:
                return NUMBERS[r.nextInt(NUMBERS.length)];
            case 3:
                return new String[] {"true", "false", "null"}[r.nextInt(3)];
            case 4:
                return "\"" + STRINGS[r.nextInt(STRINGS.length)] + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 5:
            case 6: {
                StringBuilder sb = new StringBuilder("{").append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws(r));
                    }
                    sb.append("\"k").append(i).append(STRINGS[r.nextInt(STRINGS.length)]).append('"').append(ws(r))
                            .append(':').append(ws(r)).append(randomValue(r, depth + 1)).append(ws(r));
                }
                return sb.append('}').toString();
            }
            default: {
                StringBuilder sb = new StringBuilder("[").append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws(r));
                    }
                    sb.append(randomValue(r, depth + 1)).append(ws(r));
                }
                return sb.append(']').toString();
            }
        }
    }

    private static String ws(Random r) {
        if (r.nextInt(3) != 0) {
            return "";
        }
        String[] w = {" ", "\n", "\r", "\t", "  ", "\r\n"};
        return w[r.nextInt(w.length)];
    }

    private static final String[] INSERTS = {
        "{", "}", "[", "]", ":", ",", "\"", "\\", " ", "0", "1", "-", "+", ".", "e", "E", "t", "f", "n", "u", "l",
        "x", "\u0001", "\u001f", "\n", "\u00e9", "\\u", "true", "null", "01", "1.", "\"\"", "{}", "[]", "'"
    };

    static String mutate(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + r.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0:
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                    break;
                case 1:
                    sb.insert(at, INSERTS[r.nextInt(INSERTS.length)]);
                    break;
                case 2:
                    if (at < sb.length()) {
                        sb.setCharAt(at, INSERTS[r.nextInt(INSERTS.length)].charAt(0));
                    }
                    break;
                case 3: {
                    int to = Math.min(sb.length(), at + r.nextInt(6));
                    sb.insert(at, sb.substring(at, to));
                    break;
                }
                default:
                    sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
