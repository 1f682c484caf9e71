package dev.streamguard.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutator of SSE bodies for the fuzzer: byte flips, insertions and deletions, event splicing,
 * crossover and duplication, truncation at every kind of boundary, line-ending changes, JSON edits on data
 * events (types, values, keys, duplicate keys), huge numbers, deep nesting, invalid UTF-8, and the
 * protocol-level edits that the deviation rules are about (event lines, [DONE], the space after data:, the
 * block, message and error shapes of Anthropic streams).
 * Everything it does is decided by the {@link Random} it is given, so one seed gives one mutant.
 */
public final class StreamMutator {
    /** The keys the rules look at: edits favour them so that the rules get exercised. */
    private static final String[] KEYS = {
        "index", "id", "type", "function", "name", "arguments", "tool_calls", "role", "content", "delta", "choices",
        "finish_reason", "usage", "object", "error", "message", "content_block", "input", "partial_json", "stop_reason",
        "text", "event", "prompt_tokens", "logprobs", "refusal", "obfuscation", "signature", "code"
    };
    private static final String[] STRINGS = {
        "", "function", "assistant", "stop", "tool_calls", "length", "tool_use", "end_turn", "input_json_delta",
        "text_delta", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
        "message_start", "error", "ping", "chat.completion.chunk", "call_1", "call_2", "toolu_1", "get_weather", "get_",
        "weather", "{", "}", "{\"city\":", "\"Paris\"}", "{\"city\":\"Paris\"}", "[DONE]", "null", "\u00e9\u4e2d\ud83d\ude00",
        "\n\n", "data: x", "\\", "\"", "\u0000", "\ud83d"
    };
    private static final String[] NUMBERS = {
        "0", "1", "2", "-1", "3", "7", "255", "256", "1024", "2147483647", "2147483648", "-2147483649",
        "99999999999999999999999999999999", "1e400", "-0", "0.5", "1E+2", "1.0", "9223372036854775808"
    };
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xE4, (byte) 0xB8}
    };
    private static final String[] TOKENS = {
        "\n", "\r", "\r\n", "\n\n", "\r\n\r\n", ":", ": comment\n", "data: ", "data:", "event: ", "id: 1\n", "{", "}", "[",
        "]", "\"", "\\", ",", "null", "[DONE]", "\u00e9", "\ud83d\ude00", "\t", " ", "\u0000", "data: [DONE]\n\n"
    };

    private final Random r;
    private final List<byte[]> corpus;
    private final List<String> applied = new ArrayList<>();

    /** @param corpus bodies that splicing and crossover may take events from */
    public StreamMutator(Random r, List<byte[]> corpus) {
        this.r = r;
        this.corpus = corpus;
    }

    /** The names of the mutations applied so far, in order. */
    public List<String> applied() {
        return applied;
    }

    /** One to several mutations of {@code body}. */
    public byte[] mutate(byte[] body) {
        int n = 1 + (r.nextInt(3) == 0 ? r.nextInt(4) : 0);
        byte[] b = body;
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        int k = r.nextInt(104);
        if (k >= 100) {
            return catalogShape(b, k - 100);
        }
        if (k < 19) {
            return jsonEdit(b);
        } else if (k < 22) {
            return anthropicEdit(b);
        } else if (k < 30) {
            return truncate(b);
        } else if (k < 36) {
            return lineEndings(b);
        } else if (k < 42) {
            return flip(b);
        } else if (k < 47) {
            return insertToken(b);
        } else if (k < 51) {
            return deleteRange(b);
        } else if (k < 54) {
            return duplicateRange(b);
        } else if (k < 59) {
            return splice(b);
        } else if (k < 62) {
            return crossover(b);
        } else if (k < 68) {
            return duplicateEvent(b);
        } else if (k < 72) {
            return dropEvent(b);
        } else if (k < 75) {
            return swapEvents(b);
        } else if (k < 79) {
            return hugeNumber(b);
        } else if (k < 82) {
            return deepNesting(b);
        } else if (k < 86) {
            return invalidUtf8(b);
        } else if (k < 89) {
            return stripEventLines(b);
        } else if (k < 92) {
            return stripDataSpace(b);
        } else if (k < 95) {
            return doneEdit(b);
        } else if (k < 97) {
            return emptyError(b);
        } else if (k < 98) {
            return byteOrderMark(b);
        } else {
            return mergeEvents(b);
        }
    }

    /** An empty {@code error} member (null, false, "" or {}) first in one JSON event, as some gateways send on every chunk. */
    private byte[] emptyError(byte[] b) {
        List<byte[]> events = events(b);
        if (events.isEmpty()) {
            return b;
        }
        int i = r.nextInt(events.size());
        byte[] e = events.get(i);
        int[] span = dataSpan(e);
        if (span == null || span[0] >= span[1] || e[span[0]] != '{') {
            return b;
        }
        applied.add("empty-error");
        String member = "\"error\":" + new String[] {"null", "false", "\"\"", "{}"}[r.nextInt(4)] + (span[1] - span[0] > 2 ? "," : "");
        byte[] m = utf8(member);
        byte[] mutated = new byte[e.length + m.length];
        System.arraycopy(e, 0, mutated, 0, span[0] + 1);
        System.arraycopy(m, 0, mutated, span[0] + 1, m.length);
        System.arraycopy(e, span[0] + 1, mutated, span[0] + 1 + m.length, e.length - span[0] - 1);
        events.set(i, mutated);
        return join(events);
    }

    /**
     * Shapes of the catalog's second part that no byte-level edit makes: an error in another shape (D31), a body
     * of no events (D32), {@code reasoning} for {@code content} (D33), a tool call written as text (D45).
     */
    private byte[] catalogShape(byte[] b, int which) {
        switch (which) {
            case 0: {
                applied.add("error-shape");
                String error = r.nextBoolean() ? "event: error\ndata: {\"code\":\"Throttling.RateQuota\",\"message\":\"slow down\",\"request_id\":\"r\"}\n\n"
                        : "data: {\"code\":500,\"message\":\"Internal error\"}\n\n";
                List<byte[]> events = events(b);
                events.add(r.nextInt(events.size() + 1), utf8(error));
                return join(events);
            }
            case 1:
                applied.add("no-events");
                return utf8(r.nextBoolean() ? "<html><body><h1>502 Bad Gateway</h1></body></html>\n"
                        : "{\"error\":{\"message\":\"Invalid API key sk-0123456789abcdefghij\",\"type\":\"invalid_request_error\"}}");
            case 2:
                applied.add("reasoning");
                return replaceInOneEvent(b, "\"content\":\"", "\"reasoning\":\"");
            default:
                applied.add("tool-markup");
                return replaceInOneEvent(b, "\"content\":\"", "\"content\":\"<tool_call>");
        }
    }

    /** {@code from} replaced by {@code to} in one event that has it. */
    private byte[] replaceInOneEvent(byte[] b, String from, String to) {
        List<byte[]> events = events(b);
        List<Integer> having = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (new String(events.get(i), StandardCharsets.UTF_8).contains(from)) {
                having.add(i);
            }
        }
        if (having.isEmpty()) {
            return b;
        }
        int i = having.get(r.nextInt(having.size()));
        events.set(i, utf8(new String(events.get(i), StandardCharsets.UTF_8).replace(from, to)));
        return join(events);
    }

    /**
     * One of the shapes of the Anthropic rules (D31, D36-D40): a block's stop dropped, a block index used again,
     * message_start repeated (same or new id), usage removed, a thinking start without signature or a thinking_delta
     * with one, an error without name and type, a flat error. Bodies without such events stay as they are.
     */
    private byte[] anthropicEdit(byte[] b) {
        List<byte[]> events = events(b);
        int kind = r.nextInt(7);
        String pattern = new String[] {"\"content_block_stop\"", "\"content_block_start\"", "\"message_start\"", "\"usage\"",
            "\"thinking\"", "\"thinking_delta\"", ""}[kind];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (new String(events.get(i), StandardCharsets.UTF_8).contains(pattern)) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return b;
        }
        int i = candidates.get(r.nextInt(candidates.size()));
        String e = new String(events.get(i), StandardCharsets.UTF_8);
        switch (kind) {
            case 0:
                events.remove(i);
                break;
            case 1:
                events.set(i, utf8(e.replaceFirst("\"index\"(\\s*):(\\s*)\\d+", "\"index\"$1:$2" + r.nextInt(2))));
                break;
            case 2:
                events.add(i + 1 + r.nextInt(events.size() - i), r.nextBoolean() ? events.get(i) : utf8(e.replaceFirst("\"msg_", "\"msg_2")));
                break;
            case 3:
                events.set(i, utf8(e.replaceFirst(",?\\s*\"usage\"\\s*:\\s*\\{[^{}]*\\}", "")));
                break;
            case 4:
                events.set(i, utf8(e.replaceFirst(",\\s*\"signature\"\\s*:\\s*\"\"", "")));
                break;
            case 5:
                events.set(i, utf8(e.replaceFirst("\"thinking_delta\"", "\"thinking_delta\",\"signature\":\"c2lnbmF0dXJl\"")));
                break;
            default:
                events.add(i, utf8(r.nextBoolean() ? "data: {\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                        : (r.nextBoolean() ? ":HTTP_STATUS/429\nevent: error\n" : "") + "data: {\"code\":\"Throttling.RateQuota\",\"message\":\"Too many\"}\n\n"));
        }
        applied.add("anthropic-" + kind);
        return join(events);
    }

    /** A UTF-8 byte order mark before the body (D44). */
    private byte[] byteOrderMark(byte[] b) {
        applied.add("bom");
        byte[] out = new byte[b.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(b, 0, out, 3, b.length);
        return out;
    }

    // ---------------------------------------------------------------- events

    /** The raw events of a body (each with its blank line); an unterminated tail is the last one. */
    static List<byte[]> events(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        for (SseReference.Event e : SseReference.parse(b)) {
            out.add(e.raw);
        }
        return out;
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, int aFrom, int aTo, byte[] mid, byte[] c, int cFrom, int cTo) {
        byte[] out = new byte[(aTo - aFrom) + mid.length + (cTo - cFrom)];
        System.arraycopy(a, aFrom, out, 0, aTo - aFrom);
        System.arraycopy(mid, 0, out, aTo - aFrom, mid.length);
        System.arraycopy(c, cFrom, out, aTo - aFrom + mid.length, cTo - cFrom);
        return out;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        return concat(b, 0, at, what, b, at, b.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    private int pos(byte[] b) {
        return b.length == 0 ? 0 : r.nextInt(b.length + 1);
    }

    // ---------------------------------------------------------------- byte level

    private byte[] flip(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        applied.add("flip");
        byte[] c = b.clone();
        int flips = 1 + (r.nextInt(4) == 0 ? r.nextInt(8) : 0);
        for (int i = 0; i < flips; i++) {
            int at = r.nextInt(c.length);
            c[at] ^= (byte) (1 << r.nextInt(8));
        }
        return c;
    }

    private byte[] insertToken(byte[] b) {
        applied.add("insert");
        return insert(b, pos(b), utf8(pick(TOKENS)));
    }

    private byte[] deleteRange(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        applied.add("delete");
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(r.nextBoolean() ? 4 : 64));
        return concat(b, 0, at, new byte[0], b, at + len, b.length);
    }

    private byte[] duplicateRange(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        applied.add("duplicate-range");
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(200));
        return insert(b, pos(b), Arrays.copyOfRange(b, at, at + len));
    }

    /** Cuts the body at a byte, an event boundary, a line end, between CR and LF, inside UTF-8, a string, or after data:. */
    private byte[] truncate(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int kind = r.nextInt(8);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < b.length; i++) {
            byte c = b[i];
            byte p = b[i - 1];
            switch (kind) {
                case 0:
                    candidates.add(i);
                    break;
                case 1: // after a blank line: an event boundary
                    if (p == '\n' && i >= 2 && (b[i - 2] == '\n' || b[i - 2] == '\r')) {
                        candidates.add(i);
                    }
                    break;
                case 2: // a line end inside an event
                    if ((c == '\n' || c == '\r') && p != '\n' && p != '\r') {
                        candidates.add(i + 1 <= b.length ? i + 1 : i);
                    }
                    break;
                case 3: // between CR and LF
                    if (p == '\r' && c == '\n') {
                        candidates.add(i);
                    }
                    break;
                case 4: // inside a multibyte UTF-8 sequence
                    if ((c & 0xC0) == 0x80) {
                        candidates.add(i);
                    }
                    break;
                case 5: // inside a JSON string
                    if (p == '"') {
                        candidates.add(i);
                    }
                    break;
                case 6: // right after data:
                    if (p == ':' && i >= 5 && b[i - 5] == 'd' && b[i - 4] == 'a' && b[i - 3] == 't' && b[i - 2] == 'a') {
                        candidates.add(i);
                    }
                    break;
                default: // before the last blank line
                    if (c == '\n' && i == b.length - 1) {
                        candidates.add(i);
                    }
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(b.length - 1);
        }
        int at = Math.min(b.length, candidates.get(r.nextInt(candidates.size())));
        applied.add("truncate-" + kind);
        return Arrays.copyOf(b, at);
    }

    /** All line endings to LF, CRLF or CR; or one line ending changed; or blank lines added. */
    private byte[] lineEndings(byte[] b) {
        int kind = r.nextInt(5);
        applied.add("eol-" + kind);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 64);
        if (kind <= 2) {
            String eol = kind == 0 ? "\n" : kind == 1 ? "\r\n" : "\r";
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\r' || b[i] == '\n') {
                    if (b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                        i++;
                    }
                    out.write(utf8(eol), 0, eol.length());
                } else {
                    out.write(b[i]);
                }
            }
            return out.toByteArray();
        }
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                ends.add(i);
            }
        }
        if (ends.isEmpty()) {
            return b;
        }
        int at = ends.get(r.nextInt(ends.size()));
        if (kind == 3) {
            String eol = pick(new String[] {"\n", "\r\n", "\r", "\n\r"});
            int len = b[at] == '\r' && at + 1 < b.length && b[at + 1] == '\n' ? 2 : 1;
            return concat(b, 0, at, utf8(eol), b, at + len, b.length);
        }
        return insert(b, at, utf8(pick(new String[] {"\n", "\n\n", "\r\n\r\n", "\r"})));
    }

    private byte[] invalidUtf8(byte[] b) {
        applied.add("invalid-utf8");
        byte[] bad = pick(INVALID_UTF8);
        List<Integer> inStrings = new ArrayList<>();
        for (int i = 1; i < b.length; i++) {
            if (b[i - 1] == '"' || (b[i] & 0x80) != 0) {
                inStrings.add(i);
            }
        }
        int at = inStrings.isEmpty() ? pos(b) : inStrings.get(r.nextInt(inStrings.size()));
        if (r.nextBoolean() && at < b.length && (b[at] & 0x80) != 0) {
            byte[] c = b.clone();
            c[at] = bad[0];
            return c;
        }
        return insert(b, at, bad);
    }

    private byte[] hugeNumber(byte[] b) {
        List<Integer> digits = new ArrayList<>();
        for (int i = 1; i < b.length; i++) {
            if (b[i] >= '0' && b[i] <= '9' && (b[i - 1] == ':' || b[i - 1] == '[' || b[i - 1] == ',' || b[i - 1] == ' ')) {
                digits.add(i);
            }
        }
        if (digits.isEmpty()) {
            return flip(b);
        }
        applied.add("huge-number");
        int at = digits.get(r.nextInt(digits.size()));
        int end = at;
        while (end < b.length && (b[end] >= '0' && b[end] <= '9' || b[end] == '.' || b[end] == 'e' || b[end] == 'E'
                || b[end] == '-' || b[end] == '+')) {
            end++;
        }
        String huge;
        switch (r.nextInt(4)) {
            case 0: {
                StringBuilder sb = new StringBuilder("9");
                int n = 20 + r.nextInt(r.nextBoolean() ? 100 : 5000);
                for (int i = 0; i < n; i++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                }
                huge = sb.toString();
                break;
            }
            case 1:
                huge = pick(new String[] {"1e999999999", "1.7976931348623157e309", "4.9e-325", "123456789012345678901234567890.5"});
                break;
            case 2:
                huge = pick(new String[] {"2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616"});
                break;
            default:
                huge = pick(new String[] {"-1", "-2147483649", "0.0", "1.5", "01", "-0"});
        }
        return concat(b, 0, at, utf8(huge), b, end, b.length);
    }

    // ---------------------------------------------------------------- event level

    private int boundary(List<byte[]> events) {
        return r.nextInt(events.size() + 1);
    }

    private byte[] splice(byte[] b) {
        List<byte[]> events = events(b);
        List<byte[]> donor = events(corpus.get(r.nextInt(corpus.size())));
        if (donor.isEmpty()) {
            return b;
        }
        applied.add("splice");
        events.add(boundary(events), donor.get(r.nextInt(donor.size())));
        return join(events);
    }

    private byte[] crossover(byte[] b) {
        List<byte[]> events = events(b);
        List<byte[]> donor = events(corpus.get(r.nextInt(corpus.size())));
        applied.add("crossover");
        List<byte[]> out = new ArrayList<>(events.subList(0, boundary(events)));
        out.addAll(donor.subList(boundary(donor), donor.size()));
        return join(out);
    }

    private byte[] duplicateEvent(byte[] b) {
        List<byte[]> events = events(b);
        if (events.isEmpty()) {
            return b;
        }
        applied.add("duplicate-event");
        int i = r.nextInt(events.size());
        int times = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
        for (int t = 0; t < times; t++) {
            events.add(i, events.get(i));
        }
        return join(events);
    }

    private byte[] dropEvent(byte[] b) {
        List<byte[]> events = events(b);
        if (events.isEmpty()) {
            return b;
        }
        applied.add("drop-event");
        events.remove(r.nextInt(events.size()));
        return join(events);
    }

    private byte[] swapEvents(byte[] b) {
        List<byte[]> events = events(b);
        if (events.size() < 2) {
            return b;
        }
        applied.add("swap-events");
        int i = r.nextInt(events.size() - 1);
        byte[] e = events.get(i);
        events.set(i, events.get(i + 1));
        events.set(i + 1, e);
        return join(events);
    }

    /** Removes one blank line: two events become one with both events' lines. */
    private byte[] mergeEvents(byte[] b) {
        List<byte[]> events = events(b);
        if (events.size() < 2) {
            return b;
        }
        applied.add("merge-events");
        int i = r.nextInt(events.size() - 1);
        byte[] e = events.get(i);
        int cut = e.length;
        if (cut > 0 && e[cut - 1] == '\n') {
            cut--;
            if (cut > 0 && e[cut - 1] == '\r') {
                cut--;
            }
        } else if (cut > 0 && e[cut - 1] == '\r') {
            cut--;
        }
        events.set(i, Arrays.copyOf(e, cut));
        return join(events);
    }

    private byte[] stripEventLines(byte[] b) {
        applied.add("strip-event-lines");
        String s = new String(b, StandardCharsets.ISO_8859_1);
        boolean all = r.nextBoolean();
        String out = all ? s.replaceAll("(?m)^event:[^\r\n]*(\r\n|\r|\n)", "")
                : s.replaceFirst("(?m)^event:[^\r\n]*(\r\n|\r|\n)", "");
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] stripDataSpace(byte[] b) {
        applied.add("strip-data-space");
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String out = r.nextBoolean() ? s.replace("data: ", "data:") : s.replaceFirst("data: ", "data:");
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Removes, repeats, moves or adds [DONE]. */
    private byte[] doneEdit(byte[] b) {
        List<byte[]> events = events(b);
        int done = -1;
        for (int i = 0; i < events.size(); i++) {
            if (new String(events.get(i), StandardCharsets.ISO_8859_1).contains("[DONE]")) {
                done = i;
            }
        }
        int kind = r.nextInt(3);
        applied.add("done-" + kind);
        if (kind == 0 && done >= 0) {
            events.remove(done);
        } else if (kind == 1 && done >= 0) {
            events.add(done, events.get(done));
        } else {
            events.add(boundary(events), utf8(r.nextBoolean() ? "data: [DONE]\n\n" : "data:[DONE]\r\n\r\n"));
        }
        return join(events);
    }

    // ---------------------------------------------------------------- JSON

    /** Locates the data of the first data line of an event: {start, end} in its raw bytes, or null. */
    private static int[] dataSpan(byte[] e) {
        int i = 0;
        while (i < e.length) {
            int lineEnd = i;
            while (lineEnd < e.length && e[lineEnd] != '\n' && e[lineEnd] != '\r') {
                lineEnd++;
            }
            if (lineEnd - i >= 5 && e[i] == 'd' && e[i + 1] == 'a' && e[i + 2] == 't' && e[i + 3] == 'a' && e[i + 4] == ':') {
                int start = i + 5;
                if (start < lineEnd && e[start] == ' ') {
                    start++;
                }
                return new int[] {start, lineEnd};
            }
            i = lineEnd;
            if (i < e.length && e[i] == '\r') {
                i++;
            }
            if (i < e.length && e[i] == '\n') {
                i++;
            }
        }
        return null;
    }

    private byte[] deepNesting(byte[] b) {
        int depth = r.nextBoolean() ? 20 + r.nextInt(200) : 1000 + r.nextInt(r.nextBoolean() ? 5000 : 60000);
        StringBuilder sb = new StringBuilder();
        boolean objects = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "{\"a\":" : "[");
        }
        sb.append(r.nextBoolean() ? "1" : "\"x\"");
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? '}' : ']');
        }
        if (r.nextInt(5) == 0) {
            sb.setLength(sb.length() - 1); // unbalanced
        }
        return jsonEdit(b, new JsonStrict.Raw(sb.toString()), "deep-nesting");
    }

    private byte[] jsonEdit(byte[] b) {
        return jsonEdit(b, null, "json");
    }

    /** Edits the JSON of one data event; {@code replacement}, when given, becomes the value of a random node. */
    private byte[] jsonEdit(byte[] b, Object replacement, String name) {
        List<byte[]> events = events(b);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int[] span = dataSpan(events.get(i));
            if (span != null && span[1] > span[0] && events.get(i)[span[0]] == '{') {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return flip(b);
        }
        int which = candidates.get(r.nextInt(candidates.size()));
        byte[] e = events.get(which);
        int[] span = dataSpan(e);
        Object tree = JsonStrict.tree(e, span[0], span[1]);
        if (tree == null) {
            return flip(b);
        }
        List<Object[]> slots = new ArrayList<>();
        collect(tree, slots);
        int edits = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
        String op = name;
        for (int k = 0; k < edits && !slots.isEmpty(); k++) {
            Object[] slot = chooseSlot(slots);
            if (replacement != null) {
                set(slot, replacement);
                break;
            }
            op = editSlot(slot);
            slots.clear();
            collect(tree, slots);
        }
        applied.add(op);
        byte[] json = utf8(JsonStrict.write(tree));
        events.set(which, concat(e, 0, span[0], json, e, span[1], e.length));
        return join(events);
    }

    /** Every place in the tree: {container, position, key or null}. */
    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof JsonStrict.Obj) {
            JsonStrict.Obj o = (JsonStrict.Obj) node;
            for (int i = 0; i < o.keys.size(); i++) {
                slots.add(new Object[] {o, i, o.keys.get(i)});
                collect(o.values.get(i), slots);
            }
        } else if (node instanceof JsonStrict.Arr) {
            JsonStrict.Arr a = (JsonStrict.Arr) node;
            for (int i = 0; i < a.items.size(); i++) {
                slots.add(new Object[] {a, i, null});
                collect(a.items.get(i), slots);
            }
        }
    }

    /** A slot, favouring the members the rules read. */
    private Object[] chooseSlot(List<Object[]> slots) {
        if (r.nextInt(3) != 0) {
            List<Object[]> interesting = new ArrayList<>();
            for (Object[] s : slots) {
                if (s[2] != null && Arrays.asList(KEYS).contains((String) s[2])) {
                    interesting.add(s);
                }
            }
            if (!interesting.isEmpty()) {
                return interesting.get(r.nextInt(interesting.size()));
            }
        }
        return slots.get(r.nextInt(slots.size()));
    }

    private static Object get(Object[] slot) {
        return slot[0] instanceof JsonStrict.Obj ? ((JsonStrict.Obj) slot[0]).values.get((Integer) slot[1])
                : ((JsonStrict.Arr) slot[0]).items.get((Integer) slot[1]);
    }

    private static void set(Object[] slot, Object value) {
        if (slot[0] instanceof JsonStrict.Obj) {
            ((JsonStrict.Obj) slot[0]).values.set((Integer) slot[1], value);
        } else {
            ((JsonStrict.Arr) slot[0]).items.set((Integer) slot[1], value);
        }
    }

    private String editSlot(Object[] slot) {
        int kind = r.nextInt(9);
        switch (kind) {
            case 0:
            case 1:
                set(slot, randomValue(0));
                return "json-value";
            case 2: {
                Object v = get(slot);
                set(slot, v instanceof String ? new JsonStrict.Num(pick(NUMBERS)) : v instanceof JsonStrict.Num ? ((JsonStrict.Num) v).text
                        : v instanceof JsonStrict.Obj || v instanceof JsonStrict.Arr ? JsonStrict.write(v) : JsonStrict.NULL);
                return "json-type";
            }
            case 3:
                if (slot[0] instanceof JsonStrict.Obj) {
                    ((JsonStrict.Obj) slot[0]).keys.set((Integer) slot[1], pick(KEYS));
                    return "json-rename";
                }
                set(slot, randomValue(0));
                return "json-value";
            case 4:
                if (slot[0] instanceof JsonStrict.Obj) {
                    JsonStrict.Obj o = (JsonStrict.Obj) slot[0];
                    o.keys.remove((int) (Integer) slot[1]);
                    o.values.remove((int) (Integer) slot[1]);
                } else {
                    ((JsonStrict.Arr) slot[0]).items.remove((int) (Integer) slot[1]);
                }
                return "json-delete";
            case 5:
                if (slot[0] instanceof JsonStrict.Obj) {
                    JsonStrict.Obj o = (JsonStrict.Obj) slot[0];
                    int at = (Integer) slot[1];
                    boolean duplicate = r.nextBoolean();
                    o.keys.add(at, duplicate ? o.keys.get(at) : pick(KEYS));
                    o.values.add(at, duplicate && r.nextBoolean() ? o.values.get(at) : randomValue(0));
                    return duplicate ? "json-duplicate-key" : "json-add";
                }
                ((JsonStrict.Arr) slot[0]).items.add((Integer) slot[1], get(slot));
                return "json-duplicate-element";
            case 6: {
                Object v = get(slot);
                if (v instanceof String) {
                    String s = (String) v;
                    int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
                    set(slot, s.substring(0, at) + pick(STRINGS) + s.substring(at));
                    return "json-string";
                }
                set(slot, pick(STRINGS));
                return "json-string";
            }
            case 7: {
                Object v = get(slot);
                if (v instanceof String) {
                    // A string of JSON becomes the JSON (D8), or the reverse.
                    Object parsed = JsonStrict.tree(utf8((String) v), 0, utf8((String) v).length);
                    set(slot, parsed != null ? parsed : JsonStrict.NULL);
                } else {
                    set(slot, JsonStrict.write(v));
                }
                return "json-stringify";
            }
            default:
                set(slot, JsonStrict.NULL);
                return "json-null";
        }
    }

    private Object randomValue(int depth) {
        int k = r.nextInt(depth > 2 ? 5 : 8);
        switch (k) {
            case 0:
            case 1:
                return pick(STRINGS);
            case 2:
                return new JsonStrict.Num(pick(NUMBERS));
            case 3:
                return r.nextBoolean() ? Boolean.TRUE : Boolean.FALSE;
            case 4:
                return JsonStrict.NULL;
            case 5:
            case 6: {
                JsonStrict.Obj o = new JsonStrict.Obj();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.keys.add(pick(KEYS));
                    o.values.add(randomValue(depth + 1));
                }
                return o;
            }
            default: {
                JsonStrict.Arr a = new JsonStrict.Arr();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    a.items.add(randomValue(depth + 1));
                }
                return a;
            }
        }
    }
}
