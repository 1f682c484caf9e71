package dev.streamguard.testing;

import dev.streamguard.core.Protocol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates COMPLIANT streams in the reference shapes of docs/DESIGN.md section 2, reproducibly from a seed:
 * OpenAI Chat Completions chunks and Anthropic Messages events, with the legal variations a guard must let
 * through byte for byte (line endings, {@code data:} with or without its space, comments, several data lines
 * per event, escapes and non-ASCII text, tool arguments split at arbitrary points).
 *
 * <p>What is deliberately never generated, because it would not be compliant: a deviation of the catalog
 * (D1-D21, D23, and in Anthropic streams D36-D40), an event cut off by the end of the body, an {@code error}
 * event, anything after the terminal event ({@code [DONE]}, {@code message_stop}: the body ends there, D42),
 * escaped object keys or escaped protocol enums ({@code "chat.completion\u002echunk"} is legal JSON but no
 * provider sends it).
 */
public final class StreamGenerator {
    /** One generated stream. */
    public static final class Generated {
        public final long seed;
        public final Protocol protocol;
        public final String body;
        /** CR or CRLF line endings, or a {@code data:} line without its space: reported as D22 (and only that). */
        public final boolean unusualFraming;
        /** Which variations the stream uses, for coverage checks and failure messages. */
        public final Set<String> features;

        Generated(long seed, Protocol protocol, String body, boolean unusualFraming, Set<String> features) {
            this.seed = seed;
            this.protocol = protocol;
            this.body = body;
            this.unusualFraming = unusualFraming;
            this.features = Collections.unmodifiableSet(features);
        }

        /** The same stream with another body: for negative controls of properties. */
        public Generated withBody(String newBody) {
            return new Generated(seed, protocol, newBody, unusualFraming, features);
        }

        /** The same stream claiming other framing: for negative controls of properties. */
        public Generated withUnusualFraming(boolean unusual) {
            return new Generated(seed, protocol, body, unusual, features);
        }

        @Override
        public String toString() {
            return "stream seed=" + seed + " " + protocol + " " + body.length() + " chars " + features;
        }
    }

    // Markers for the places where JSON may carry white space between tokens; never in generated text
    // otherwise, because control characters inside strings are always escaped.
    private static final char M_OPEN = '\u0001';
    private static final char M_COLON = '\u0002';
    private static final char M_COMMA = '\u0003';
    private static final char M_CLOSE = '\u0004';

    private static final String[] WORDS = {
        "Hello", "world", "the", "weather", "in", "Paris", "is", "sunny", "42", "-1", "{", "}", "[", "]", ":", ",",
        "\"", "\\", "\\n", "/", "</script>", "[DONE]", "data: x", "event: ping", "\u00e9", "\u00fc\u00df", "\u4e2d\u6587",
        "\u65e5\u672c\u8a9e", "\ud83d\ude00", "\ud83c\udf89", "\ud834\udd1e", "\u2028", "\u00a0", "\ufeff", "\ufb00",
        "\u0000", "\u0001", "\u001f", "\u007f", "\t", "\n", "\r", "\r\n", "\b", "\f", " ", "  ", ".", "?", "'", "`",
        "null", "true", "\u0440\u0443\u0441", "\u05e9\u05dc\u05d5\u05dd", "\ud83d\udc68\u200d\ud83d\udcbb"
    };
    private static final String[] TOOL_NAMES = {
        "get_weather", "search", "now", "lookup_order", "run_sql", "send_email", "read_file", "calc"
    };
    private static final String[] LINE_ENDINGS = {"\n", "\r\n", "\r"};

    private final long seed;
    private final Random r;
    private final String eol;
    private final int dataSpaceStyle;    // 0: always "data: ", 1: never, 2: mixed per line
    private final int jsonStyle;         // 0: compact, 1: ", " and ": ", 2: spaces everywhere, 3: mixed per event
    private final int commentRate;       // in 1/100 per event
    private final int multiLineRate;     // in 1/100 per event
    private final boolean eventLineSpace;
    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> features = new TreeSet<>();
    private boolean noSpaceDataLine;
    private int eventId;

    private StreamGenerator(long seed) {
        this.seed = seed;
        this.r = new Random(seed);
        int e = r.nextInt(10);
        this.eol = e < 5 ? LINE_ENDINGS[0] : e < 8 ? LINE_ENDINGS[1] : LINE_ENDINGS[2];
        features.add(e < 5 ? "LF" : e < 8 ? "CRLF" : "CR");
        int d = r.nextInt(10);
        this.dataSpaceStyle = d < 6 ? 0 : d < 8 ? 1 : 2;
        this.jsonStyle = r.nextInt(4);
        this.commentRate = r.nextInt(3) == 0 ? 0 : r.nextInt(25);
        this.multiLineRate = r.nextInt(3) == 0 ? r.nextInt(40) : 0;
        this.eventLineSpace = r.nextInt(5) != 0;
    }

    /** The stream for {@code seed}: OpenAI Chat Completions, Anthropic, OpenAI Responses or Gemini, a quarter each. */
    public static Generated generate(long seed) {
        StreamGenerator g = new StreamGenerator(seed);
        int kind = g.r.nextInt(4);
        return kind == 0 ? g.openAi() : kind == 1 ? g.anthropic() : kind == 2 ? g.responses() : g.gemini();
    }

    public static Generated gemini(long seed) {
        return new StreamGenerator(seed).gemini();
    }

    public static Generated responses(long seed) {
        return new StreamGenerator(seed).responses();
    }

    public static Generated openAi(long seed) {
        return new StreamGenerator(seed).openAi();
    }

    public static Generated anthropic(long seed) {
        return new StreamGenerator(seed).anthropic();
    }

    // ---------------------------------------------------------------- OpenAI

    private Generated openAi() {
        features.add("openai");
        String id = "chatcmpl-" + alnum(8 + r.nextInt(20));
        long created = 1_700_000_000L + r.nextInt(100_000_000);
        String model = pick("gpt-4o-mini", "gpt-4.1", "o3-mini", "qwen/qwen3-32b", "deepseek-chat");
        String fingerprint = r.nextBoolean() ? "fp_" + alnum(10) : null;
        boolean includeUsage = r.nextInt(3) == 0;
        boolean usageNull = includeUsage && r.nextBoolean() || r.nextInt(8) == 0;
        boolean logprobs = r.nextBoolean();
        boolean shuffleTop = r.nextInt(10) == 0;
        int n = r.nextInt(8) == 0 ? 2 + r.nextInt(2) : 1;
        if (usageNull) {
            features.add("usage-null");
        }
        if (n > 1) {
            features.add("n=" + n);
        }
        if (r.nextInt(6) == 0) {
            features.add("azure-first-chunk");
            dataEvent(null, obj("choices", "[]", "created", "0", "id", q(""), "model", q(""), "object", q(""),
                    "prompt_filter_results", arr(obj("prompt_index", "0", "content_filter_results",
                            obj("hate", obj("filtered", "false", "severity", q("safe")),
                                    "self_harm", obj("filtered", "false", "severity", q("safe")))))));
        }
        List<Deque<String>> choices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            choices.add(new ArrayDeque<>(choiceObjects(i, logprobs)));
        }
        while (true) {
            List<Deque<String>> open = new ArrayList<>();
            for (Deque<String> c : choices) {
                if (!c.isEmpty()) {
                    open.add(c);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            String choice = open.get(r.nextInt(open.size())).poll();
            dataEvent(null, chunk(id, created, model, fingerprint, arr(choice), usageNull ? "null" : null, shuffleTop));
        }
        if (includeUsage) {
            features.add("include-usage");
            int prompt = r.nextInt(5000);
            int completion = r.nextInt(5000);
            String usage = obj("prompt_tokens", num(prompt), "completion_tokens", num(completion),
                    "total_tokens", num(prompt + completion));
            dataEvent(null, chunk(id, created, model, fingerprint, "[]", usage, shuffleTop));
        }
        dataEvent(null, "[DONE]");
        return done(Protocol.OPENAI_CHAT);
    }

    private String chunk(String id, long created, String model, String fingerprint, String choices, String usage,
                         boolean shuffle) {
        List<String[]> members = new ArrayList<>();
        members.add(new String[] {"id", q(id)});
        members.add(new String[] {"object", q("chat.completion.chunk")});
        members.add(new String[] {"created", num(created)});
        members.add(new String[] {"model", q(model)});
        if (fingerprint != null) {
            members.add(new String[] {"system_fingerprint", q(fingerprint)});
        }
        members.add(new String[] {"choices", choices});
        if (usage != null) {
            members.add(new String[] {"usage", usage});
        }
        if (shuffle) {
            features.add("shuffled-members");
            Collections.shuffle(members, r);
        }
        return obj(members);
    }

    /** The choice objects of one choice, in order: first chunk with the role, content, tool calls, finish. */
    private List<String> choiceObjects(int index, boolean logprobs) {
        List<String> deltas = new ArrayList<>();
        int plan = r.nextInt(3); // 0: text, 1: tool calls, 2: text then tool calls
        boolean tools = plan != 0;
        List<String> toolDeltas = new ArrayList<>();
        if (tools) {
            int calls = r.nextInt(4) == 0 ? 2 + r.nextInt(3) : 1;
            if (calls > 1) {
                features.add("parallel-tool-calls");
            }
            for (int k = 0; k < calls; k++) {
                String header = obj("index", num(k), "id", q("call_" + alnum(24)), "type", q("function"),
                        "function", obj("name", q(pick(TOOL_NAMES)), "arguments", q("")));
                toolDeltas.add(header);
                for (String fragment : argumentFragments()) {
                    toolDeltas.add(obj("index", num(k), "function", obj("arguments", text(fragment))));
                }
            }
        }
        String refusal = r.nextBoolean() ? "null" : null;
        if (plan == 1 && r.nextBoolean()) {
            features.add("tool-call-on-first-chunk");
            deltas.add(refusal == null
                    ? obj("role", q("assistant"), "content", "null", "tool_calls", arr(toolDeltas.remove(0)))
                    : obj("role", q("assistant"), "content", "null", "tool_calls", arr(toolDeltas.remove(0)),
                            "refusal", refusal));
        } else {
            String content = plan == 1 ? "null" : q("");
            deltas.add(refusal == null ? obj("role", q("assistant"), "content", content)
                    : obj("role", q("assistant"), "content", content, "refusal", refusal));
        }
        if (r.nextInt(4) == 0) {
            // DeepSeek's and vLLM's reasoning deltas, in the name the reference clients read.
            features.add("reasoning-content");
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                deltas.add(obj("reasoning_content", text(randomText(6))));
            }
        }
        if (plan != 1) {
            int pieces = r.nextInt(9);
            for (int i = 0; i < pieces; i++) {
                deltas.add(obj("content", text(randomText(6))));
            }
        }
        for (String t : toolDeltas) {
            deltas.add(obj("tool_calls", arr(t)));
        }
        List<String> objects = new ArrayList<>();
        for (String delta : deltas) {
            objects.add(choice(index, delta, logprobs, "null"));
        }
        String finish;
        if (tools) {
            finish = "tool_calls";
        } else {
            int f = r.nextInt(10);
            finish = f < 8 ? "stop" : f < 9 ? "length" : "content_filter";
        }
        features.add("finish-" + finish);
        objects.add(choice(index, "{}", logprobs, q(finish)));
        return objects;
    }

    private String choice(int index, String delta, boolean logprobs, String finish) {
        return logprobs ? obj("index", num(index), "delta", delta, "logprobs", "null", "finish_reason", finish)
                : obj("index", num(index), "delta", delta, "finish_reason", finish);
    }

    // ---------------------------------------------------------------- Anthropic

    private Generated anthropic() {
        features.add("anthropic");
        int pingRate = r.nextInt(3) == 0 ? 0 : r.nextInt(30);
        String model = pick("claude-sonnet-4-5", "claude-opus-4-1", "claude-3-5-haiku-latest");
        maybePing(pingRate);
        named("message_start", obj("type", q("message_start"), "message", obj("id", q("msg_" + alnum(24)),
                "type", q("message"), "role", q("assistant"), "model", q(model), "content", "[]",
                "stop_reason", "null", "stop_sequence", "null", "usage", usage(num(1)))));
        int blocks = 1 + r.nextInt(4);
        // With thinking on, a thinking block comes first, and more may come between the others (interleaved thinking).
        boolean thinking = r.nextInt(4) == 0;
        boolean anyTool = false;
        int index = 0;
        if (thinking) {
            thinkingBlock(index++, pingRate);
        }
        for (int b = 0; b < blocks; b++, index++) {
            maybePing(pingRate);
            if (thinking && b > 0 && r.nextInt(3) == 0) {
                features.add("interleaved-thinking");
                thinkingBlock(index++, pingRate);
                maybePing(pingRate);
            }
            if (r.nextInt(5) < 2) {
                blockStart(index, r.nextInt(6) == 0
                        ? obj("type", q("text"), "text", q(""), "citations", "[]")
                        : obj("type", q("text"), "text", q("")));
                int pieces = r.nextInt(7);
                for (int i = 0; i < pieces; i++) {
                    maybePing(pingRate);
                    if (r.nextInt(12) == 0) {
                        features.add("citations-delta");
                        blockDelta(index, obj("type", q("citations_delta"), "citation", obj(
                                "type", q("char_location"), "cited_text", text(randomText(4)), "document_index", "0",
                                "document_title", text(randomText(2)), "start_char_index", num(r.nextInt(99)),
                                "end_char_index", num(100 + r.nextInt(99)))));
                    } else {
                        blockDelta(index, obj("type", q("text_delta"), "text", text(randomText(6))));
                    }
                }
            } else {
                anyTool = true;
                features.add("tool_use");
                blockStart(index, obj("type", q("tool_use"), "id", q("toolu_" + alnum(24)), "name", q(pick(TOOL_NAMES)),
                        "input", "{}"));
                if (r.nextInt(5) == 0) {
                    features.add("no-parameter-tool");
                    maybePing(pingRate);
                    blockDelta(index, inputJsonDelta(""));
                } else {
                    if (r.nextBoolean()) {
                        maybePing(pingRate);
                        blockDelta(index, inputJsonDelta(""));
                    }
                    for (String fragment : argumentFragments()) {
                        maybePing(pingRate);
                        blockDelta(index, inputJsonDelta(fragment));
                    }
                }
            }
            maybePing(pingRate);
            blockStop(index);
        }
        if (index > 1) {
            features.add("several-blocks");
        }
        String stopReason = anyTool ? "tool_use" : pick("end_turn", "end_turn", "max_tokens", "stop_sequence");
        features.add("stop-" + stopReason);
        maybePing(pingRate);
        named("message_delta", obj("type", q("message_delta"), "delta", obj("stop_reason", q(stopReason),
                "stop_sequence", stopReason.equals("stop_sequence") ? text("\n\nHuman:") : "null"),
                "usage", r.nextBoolean() ? obj("output_tokens", num(r.nextInt(9999))) : usage(num(r.nextInt(9999)))));
        maybePing(pingRate);
        named("message_stop", obj("type", q("message_stop")));
        return done(Protocol.ANTHROPIC_MESSAGES);
    }

    /** A message's usage: the tokens, and sometimes the cache counts the API adds. */
    private String usage(String outputTokens) {
        if (r.nextInt(3) == 0) {
            features.add("usage-details");
            return obj("input_tokens", num(r.nextInt(9999)), "cache_creation_input_tokens", num(r.nextInt(999)),
                    "cache_read_input_tokens", num(r.nextInt(99999)), "output_tokens", outputTokens);
        }
        return obj("input_tokens", num(r.nextInt(9999)), "output_tokens", outputTokens);
    }

    /** A thinking block with its thinking and its signature_delta, or a redacted one, which has neither. */
    private void thinkingBlock(int index, int pingRate) {
        maybePing(pingRate);
        if (r.nextInt(5) == 0) {
            features.add("redacted-thinking");
            blockStart(index, obj("type", q("redacted_thinking"), "data", q(base64(40 + r.nextInt(200)))));
        } else {
            features.add("thinking");
            blockStart(index, obj("type", q("thinking"), "thinking", q(""), "signature", q("")));
            int pieces = 1 + r.nextInt(5);
            for (int i = 0; i < pieces; i++) {
                maybePing(pingRate);
                blockDelta(index, obj("type", q("thinking_delta"), "thinking", text(randomText(6))));
            }
            maybePing(pingRate);
            blockDelta(index, obj("type", q("signature_delta"), "signature", q(base64(40 + r.nextInt(200)))));
        }
        maybePing(pingRate);
        blockStop(index);
    }

    private String inputJsonDelta(String fragment) {
        return obj("type", q("input_json_delta"), "partial_json", text(fragment));
    }

    private void blockStart(int index, String block) {
        named("content_block_start", obj("type", q("content_block_start"), "index", num(index), "content_block", block));
    }

    private void blockDelta(int index, String delta) {
        named("content_block_delta", obj("type", q("content_block_delta"), "index", num(index), "delta", delta));
    }

    private void blockStop(int index) {
        named("content_block_stop", obj("type", q("content_block_stop"), "index", num(index)));
    }

    private void maybePing(int rate) {
        if (rate > 0 && r.nextInt(100) < rate) {
            features.add("ping");
            named("ping", r.nextBoolean() ? "{\"type\": \"ping\"}" : obj("type", q("ping")));
        }
    }

    // ---------------------------------------------------------------- OpenAI Responses

    private int sequenceNumber;

    private Generated responses() {
        features.add("responses");
        String id = "resp_" + alnum(24);
        long created = 1_700_000_000L + r.nextInt(100_000_000);
        String model = pick("gpt-4o", "gpt-5-mini", "o4-mini");
        responsesEvent("response.created", "response", response(id, created, model, "in_progress", "[]", "null"));
        responsesEvent("response.in_progress", "response", response(id, created, model, "in_progress", "[]", "null"));
        List<String> output = new ArrayList<>();
        int items = 1 + r.nextInt(4);
        if (r.nextInt(4) == 0) {
            output.add(reasoningItem(output.size()));
        }
        int calls = 0;
        for (int i = 0; i < items; i++) {
            int kind = r.nextInt(5);
            if (kind < 2) {
                output.add(messageItem(output.size(), false));
            } else if (kind < 4) {
                output.add(functionCallItem(output.size()));
                calls++;
            } else {
                output.add(messageItem(output.size(), true));
            }
        }
        if (calls > 1) {
            features.add("several-function-calls");
        }
        String usage = obj("input_tokens", num(r.nextInt(9999)), "output_tokens", num(r.nextInt(9999)), "total_tokens", num(r.nextInt(99999)));
        responsesEvent("response.completed", "response", response(id, created, model, "completed",
                arr(output.toArray(new String[0])), usage));
        return done(Protocol.OPENAI_RESPONSES);
    }

    private String response(String id, long created, String model, String status, String output, String usage) {
        return obj("id", q(id), "object", q("response"), "created_at", num(created), "status", q(status), "model", q(model),
                "output", output, "parallel_tool_calls", "true", "tool_choice", q("auto"), "tools", "[]", "error", "null",
                "incomplete_details", "null", "usage", usage);
    }

    /** A Responses event: its name is its type, its sequence number the next. */
    private void responsesEvent(String type, String... members) {
        String[] all = new String[members.length + 4];
        all[0] = "type";
        all[1] = q(type);
        all[2] = "sequence_number";
        all[3] = num(sequenceNumber++);
        System.arraycopy(members, 0, all, 4, members.length);
        named(type, obj(all));
    }

    private String functionCallItem(int index) {
        features.add("function-call");
        String id = q("fc_" + alnum(20));
        String callId = q("call_" + alnum(20));
        String name = q(pick(TOOL_NAMES));
        responsesEvent("response.output_item.added", "output_index", num(index), "item", obj("id", id, "type", q("function_call"),
                "status", q("in_progress"), "arguments", q(""), "call_id", callId, "name", name));
        StringBuilder whole = new StringBuilder();
        for (String fragment : argumentFragments()) {
            whole.append(fragment);
            responsesEvent("response.function_call_arguments.delta", "item_id", id, "output_index", num(index), "delta", text(fragment));
        }
        String arguments = text(whole.toString());
        responsesEvent("response.function_call_arguments.done", "item_id", id, "output_index", num(index), "arguments", arguments);
        String item = obj("id", id, "type", q("function_call"), "status", q("completed"), "arguments", arguments, "call_id", callId,
                "name", name);
        responsesEvent("response.output_item.done", "output_index", num(index), "item", item);
        return item;
    }

    /** A message with one output_text part, or with one refusal part. */
    private String messageItem(int index, boolean refusal) {
        features.add(refusal ? "refusal" : "output-text");
        String id = q("msg_" + alnum(20));
        String partType = refusal ? "refusal" : "output_text";
        String field = refusal ? "refusal" : "text";
        responsesEvent("response.output_item.added", "output_index", num(index), "item", obj("id", id, "type", q("message"),
                "status", q("in_progress"), "role", q("assistant"), "content", "[]"));
        responsesEvent("response.content_part.added", "item_id", id, "output_index", num(index), "content_index", "0", "part",
                refusal ? obj("type", q(partType), field, q("")) : obj("type", q(partType), field, q(""), "annotations", "[]"));
        StringBuilder whole = new StringBuilder();
        int pieces = 1 + r.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            String piece = randomText(4);
            whole.append(piece);
            responsesEvent(refusal ? "response.refusal.delta" : "response.output_text.delta", "item_id", id, "output_index", num(index),
                    "content_index", "0", "delta", text(piece));
        }
        String all = text(whole.toString());
        responsesEvent(refusal ? "response.refusal.done" : "response.output_text.done", "item_id", id, "output_index", num(index),
                "content_index", "0", field, all);
        String part = refusal ? obj("type", q(partType), field, all) : obj("type", q(partType), field, all, "annotations", "[]");
        responsesEvent("response.content_part.done", "item_id", id, "output_index", num(index), "content_index", "0", "part", part);
        String item = obj("id", id, "type", q("message"), "status", q("completed"), "role", q("assistant"), "content", arr(part));
        responsesEvent("response.output_item.done", "output_index", num(index), "item", item);
        return item;
    }

    private String reasoningItem(int index) {
        features.add("reasoning-summary");
        String id = q("rs_" + alnum(20));
        responsesEvent("response.output_item.added", "output_index", num(index), "item", obj("id", id, "type", q("reasoning"), "summary", "[]"));
        responsesEvent("response.reasoning_summary_part.added", "item_id", id, "output_index", num(index), "summary_index", "0",
                "part", obj("type", q("summary_text"), "text", q("")));
        StringBuilder whole = new StringBuilder();
        int pieces = 1 + r.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            String piece = randomText(4);
            whole.append(piece);
            responsesEvent("response.reasoning_summary_text.delta", "item_id", id, "output_index", num(index), "summary_index", "0",
                    "delta", text(piece));
        }
        String all = text(whole.toString());
        responsesEvent("response.reasoning_summary_text.done", "item_id", id, "output_index", num(index), "summary_index", "0", "text", all);
        String part = obj("type", q("summary_text"), "text", all);
        responsesEvent("response.reasoning_summary_part.done", "item_id", id, "output_index", num(index), "summary_index", "0", "part", part);
        String item = obj("id", id, "type", q("reasoning"), "summary", arr(part));
        responsesEvent("response.output_item.done", "output_index", num(index), "item", item);
        return item;
    }

    // ---------------------------------------------------------------- Gemini

    private Generated gemini() {
        features.add("gemini");
        String responseId = alnum(22);
        String model = pick("gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview");
        int candidates = r.nextInt(10) == 0 ? 2 : 1;
        if (candidates > 1) {
            features.add("candidates=2");
        }
        int chunks = 1 + r.nextInt(6);
        int promptTokens = 1 + r.nextInt(999);
        int outputTokens = 0;
        if (candidates == 1 && r.nextInt(5) == 0) {
            outputTokens = streamedFunctionCall(responseId, model, promptTokens);
        }
        for (int i = 0; i < chunks; i++) {
            boolean last = i == chunks - 1;
            String[] cands = new String[candidates];
            for (int c = 0; c < candidates; c++) {
                List<String> parts = new ArrayList<>();
                if (i == 0 && r.nextInt(4) == 0) {
                    features.add("thought");
                    parts.add(obj("text", text(randomText(3)), "thought", "true"));
                }
                if (!last || r.nextBoolean()) {
                    parts.add(obj("text", text(randomText(4))));
                }
                if (last && r.nextInt(3) == 0) {
                    int calls = 1 + r.nextInt(3);
                    features.add(calls > 1 ? "parallel-function-calls" : "gemini-function-call");
                    for (int k = 0; k < calls; k++) {
                        // Raw JSON in the data line: compact or spaced, never with line breaks.
                        String call = obj("name", q(pick(TOOL_NAMES)), "args", argumentObject(r.nextInt(2)));
                        parts.add(k == 0 && r.nextBoolean() ? obj("functionCall", call, "thoughtSignature", q(alnum(40)))
                                : obj("functionCall", call));
                    }
                }
                String content = obj("parts", arr(parts.toArray(new String[0])), "role", q("model"));
                if (last) {
                    String finish = pick("STOP", "STOP", "MAX_TOKENS");
                    features.add("gemini-" + finish);
                    cands[c] = obj("content", content, "finishReason", q(finish), "index", num(c));
                } else {
                    cands[c] = obj("content", content, "index", num(c));
                }
            }
            outputTokens += 1 + r.nextInt(50);
            geminiChunk(arr(cands), responseId, model, promptTokens, outputTokens);
        }
        return done(Protocol.GEMINI);
    }

    /** A function call whose arguments stream in parts (Vertex AI's streamFunctionCallArguments); returns the tokens. */
    private int streamedFunctionCall(String responseId, String model, int promptTokens) {
        features.add("streamed-function-call");
        int tokens = 1;
        geminiChunk(geminiCandidate(obj("functionCall", obj("name", q(pick(TOOL_NAMES)), "willContinue", "true"))), responseId, model,
                promptTokens, tokens);
        int pieces = 1 + r.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            String value = r.nextBoolean() ? obj("jsonPath", q("$.query"), "stringValue", text(randomText(2)), "willContinue", "true")
                    : obj("jsonPath", q("$.limit"), "numberValue", num(r.nextInt(100)));
            geminiChunk(geminiCandidate(obj("functionCall", obj("partialArgs", arr(value), "willContinue", "true"))), responseId, model,
                    promptTokens, ++tokens);
        }
        geminiChunk(geminiCandidate(obj("functionCall", "{}")), responseId, model, promptTokens, ++tokens);
        return tokens;
    }

    private String geminiCandidate(String part) {
        return arr(obj("content", obj("parts", arr(part), "role", q("model")), "index", "0"));
    }

    private void geminiChunk(String candidates, String responseId, String model, int promptTokens, int outputTokens) {
        dataEvent(null, obj("candidates", candidates, "usageMetadata", obj("promptTokenCount", num(promptTokens),
                "candidatesTokenCount", num(outputTokens), "totalTokenCount", num(promptTokens + outputTokens)),
                "modelVersion", q(model), "responseId", q(responseId)));
    }

    // ---------------------------------------------------------------- tool arguments

    /** A JSON object (the arguments of one call) as text, split at random points into fragments. */
    private List<String> argumentFragments() {
        int style = r.nextInt(4); // 0 compact, 1 spaced, 2 pretty, 3 random white space
        String args = argumentObject(style);
        List<String> fragments = new ArrayList<>();
        int split = r.nextInt(5);
        if (split == 0) {
            fragments.add(args);
        } else if (split == 1) {
            features.add("args-split-tiny");
            int at = 0;
            while (at < args.length()) {
                int len = Math.min(args.length() - at, 1 + r.nextInt(3));
                fragments.add(args.substring(at, at + len));
                at += len;
            }
        } else {
            int cuts = 1 + r.nextInt(Math.max(1, Math.min(12, args.length() - 1)));
            TreeSet<Integer> at = new TreeSet<>();
            for (int i = 0; i < cuts; i++) {
                at.add(1 + r.nextInt(Math.max(1, args.length() - 1)));
            }
            int prev = 0;
            for (int cut : at) {
                if (cut > prev && cut < args.length()) {
                    fragments.add(args.substring(prev, cut));
                    prev = cut;
                }
            }
            fragments.add(args.substring(prev));
        }
        for (int i = 0; i < fragments.size(); i++) {
            String f = fragments.get(i);
            if (!f.isEmpty() && Character.isLowSurrogate(f.charAt(0))) {
                features.add("args-split-inside-surrogate-pair");
            }
            if (f.indexOf('\\') >= 0) {
                features.add("args-with-escapes");
            }
        }
        if (r.nextInt(10) == 0) {
            fragments.add(r.nextInt(fragments.size() + 1), "");
            features.add("args-empty-fragment");
        }
        return fragments;
    }

    private String argumentObject(int style) {
        StringBuilder sb = new StringBuilder();
        int members = r.nextInt(5);
        if (members == 0) {
            features.add("args-empty-object");
        }
        writeObject(sb, members, 0, style);
        return sb.toString();
    }

    private void writeObject(StringBuilder sb, int members, int depth, int style) {
        sb.append('{');
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                sb.append(',');
            }
            ws(sb, style, depth + 1, true);
            sb.append(escaped(pick("city", "query", "unit", "ids", "limit", "q\"uoted", "back\\slash", "\u00e9t\u00e9",
                    "emoji\ud83d\ude00", "nested", "k" + i)));
            ws(sb, style, depth + 1, false);
            sb.append(':');
            if (style != 0) {
                sb.append(' ');
            }
            writeValue(sb, depth + 1, style);
        }
        if (members > 0) {
            ws(sb, style, depth, true);
        }
        sb.append('}');
    }

    private void writeValue(StringBuilder sb, int depth, int style) {
        int k = r.nextInt(depth >= 3 ? 8 : 10);
        switch (k) {
            case 0:
            case 1:
            case 2:
                sb.append(escaped(randomText(5)));
                return;
            case 3:
                sb.append(pick("0", "-0", "7", "-42", "123456789012", "3.25", "-0.5", "1e10", "2E-3", "6.02e+23", "1.5E+2"));
                return;
            case 4:
                sb.append(pick("true", "false", "null"));
                return;
            case 5:
                sb.append('"').append('"');
                return;
            case 6:
            case 7:
                sb.append(pick("1", "\"a\"", "\"\\u00e9\\ud83d\\ude00\""));
                return;
            case 8: {
                sb.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    ws(sb, style, depth + 1, true);
                    writeValue(sb, depth + 1, style);
                }
                if (n > 0) {
                    ws(sb, style, depth, true);
                }
                sb.append(']');
                return;
            }
            default:
                writeObject(sb, r.nextInt(3), depth, style);
        }
    }

    private void ws(StringBuilder sb, int style, int depth, boolean line) {
        if (style == 2 && line) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) {
                sb.append("  ");
            }
        } else if (style == 3) {
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                sb.append(pick(" ", "\t", "\n", "\r"));
            }
        }
    }

    // ---------------------------------------------------------------- SSE

    private void named(String name, String json) {
        dataEvent(name, json);
    }

    /** One event: optional comment lines, the event line (if named), the data line(s), the blank line. */
    private void dataEvent(String name, String json) {
        if (commentRate > 0 && r.nextInt(100) < commentRate) {
            commentEvent();
        }
        List<String> lines = new ArrayList<>();
        List<String> data = dataLines(json);
        lines.addAll(data);
        if (name != null) {
            String eventLine = (eventLineSpace ? "event: " : "event:") + name;
            if (r.nextInt(20) == 0) {
                features.add("event-line-after-data");
                lines.add(eventLine);
            } else {
                lines.add(0, eventLine);
            }
        }
        if (commentRate > 0 && r.nextInt(100) < commentRate) {
            features.add("comment-line-in-event");
            lines.add(r.nextInt(lines.size() + 1), commentLine());
        }
        if (r.nextInt(40) == 0) {
            features.add("id-line");
            lines.add(r.nextInt(lines.size() + 1), "id: " + (++eventId));
        }
        for (String line : lines) {
            out.append(line).append(eol);
        }
        out.append(eol);
    }

    private List<String> dataLines(String json) {
        int style = jsonStyle == 3 ? r.nextInt(3) : jsonStyle;
        boolean multi = multiLineRate > 0 && r.nextInt(100) < multiLineRate && json.indexOf(M_COMMA) >= 0;
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean broke = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= M_OPEN && c <= M_CLOSE) {
                if (multi && r.nextInt(3) == 0) {
                    values.add(value.toString());
                    value.setLength(0);
                    broke = true;
                } else if (style == 2 || (style == 1 && (c == M_COLON || c == M_COMMA))) {
                    value.append(' ');
                }
            } else {
                value.append(c);
            }
        }
        values.add(value.toString());
        if (broke) {
            features.add("multi-line-data");
        }
        List<String> lines = new ArrayList<>();
        for (String v : values) {
            boolean space = dataSpaceStyle == 0 || (dataSpaceStyle == 2 && r.nextBoolean());
            if (!space) {
                noSpaceDataLine = true;
                features.add("data-without-space");
            }
            lines.add((space ? "data: " : "data:") + v);
        }
        return lines;
    }

    private void commentEvent() {
        features.add("comment-event");
        out.append(commentLine()).append(eol);
        if (r.nextInt(4) == 0) {
            out.append(commentLine()).append(eol);
        }
        out.append(eol);
    }

    private String commentLine() {
        return pick(": OPENROUTER PROCESSING", ":keep-alive", ":", ": ping", ":data: not data", ": \u00e9\ud83d\ude00");
    }

    private Generated done(Protocol protocol) {
        // CRLF is Gemini's own framing, and the guard counts no D22 in Gemini streams at all.
        boolean unusual = protocol != Protocol.GEMINI && (!eol.equals("\n") || noSpaceDataLine);
        return new Generated(seed, protocol, out.toString(), unusual, features);
    }

    // ---------------------------------------------------------------- JSON text

    private String obj(String... keyValues) {
        List<String[]> members = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            members.add(new String[] {keyValues[i], keyValues[i + 1]});
        }
        return obj(members);
    }

    private static String obj(List<String[]> members) {
        if (members.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{").append(M_OPEN);
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(',').append(M_COMMA);
            }
            sb.append('"').append(members.get(i)[0]).append('"').append(':').append(M_COLON).append(members.get(i)[1]);
        }
        return sb.append(M_CLOSE).append('}').toString();
    }

    private static String arr(String... items) {
        StringBuilder sb = new StringBuilder("[").append(M_OPEN);
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                sb.append(',').append(M_COMMA);
            }
            sb.append(items[i]);
        }
        return sb.append(M_CLOSE).append(']').toString();
    }

    private static String num(long n) {
        return Long.toString(n);
    }

    /** A JSON string of plain ASCII, without escapes: identifiers and protocol enums. */
    private static String q(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("not plain: " + s);
            }
        }
        return "\"" + s + "\"";
    }

    /** A JSON string of free text with randomly chosen escapes (lone surrogates always escaped). */
    private String text(String s) {
        return escaped(s);
    }

    String escaped(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (r.nextInt(3) == 0) {
                    features.add("escaped-surrogate-pair");
                    sb.append(unicodeEscape(c)).append(unicodeEscape(s.charAt(i + 1)));
                } else {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                features.add("escaped-lone-surrogate");
                sb.append(unicodeEscape(c));
                continue;
            }
            switch (c) {
                case '"':
                    sb.append(r.nextInt(6) == 0 ? unicodeEscape(c) : "\\\"");
                    continue;
                case '\\':
                    sb.append(r.nextInt(6) == 0 ? unicodeEscape(c) : "\\\\");
                    continue;
                case '/':
                    sb.append(r.nextBoolean() ? "\\/" : "/");
                    continue;
                case '\n':
                    sb.append(r.nextInt(4) == 0 ? unicodeEscape(c) : "\\n");
                    continue;
                case '\r':
                    sb.append(r.nextInt(4) == 0 ? unicodeEscape(c) : "\\r");
                    continue;
                case '\t':
                    sb.append(r.nextInt(4) == 0 ? unicodeEscape(c) : "\\t");
                    continue;
                case '\b':
                    sb.append(r.nextInt(4) == 0 ? unicodeEscape(c) : "\\b");
                    continue;
                case '\f':
                    sb.append(r.nextInt(4) == 0 ? unicodeEscape(c) : "\\f");
                    continue;
                default:
                    break;
            }
            if (c < 0x20) {
                sb.append(unicodeEscape(c));
            } else if (c > 0x7e && r.nextInt(3) == 0) {
                features.add("escaped-non-ascii");
                sb.append(unicodeEscape(c));
            } else if (c < 0x7f && r.nextInt(40) == 0) {
                sb.append(unicodeEscape(c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private String unicodeEscape(char c) {
        return String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c);
    }

    private String randomText(int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(maxPieces);
        for (int i = 0; i < n; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private String alnum(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    private String base64(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.append("==").toString();
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }
}
