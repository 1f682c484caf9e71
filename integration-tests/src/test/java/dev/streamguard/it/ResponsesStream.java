package dev.streamguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Responses API stream the clients read in {@link ResponsesSdkIT}, and what its application must see with
 * the agent, written out by hand: the function calls, text and response id the stream means, or the failure the
 * guard must raise instead. The streams are the files of {@code src/test/resources/sdk-streams/openai-responses}
 * (served by {@link Upstream} at {@code /s/openai-responses/<name>/...}), the compliant function call held open
 * after its end ({@link StreamingServer}, {@code /stall/...}), and an endless function call
 * ({@link ResponsesFlood}, {@code /flood/openai-responses/...}).
 */
final class ResponsesStream {
    enum Source { SDK_STREAM, STALL, FLOOD }

    static final String DIR = "openai-responses";
    static final ChatResult.ToolCall WEATHER = new ChatResult.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    static final ChatResult.ToolCall TIME = new ChatResult.ToolCall("call_2", "get_time", "{\"tz\":\"CET\"}");
    /** Every stream that ends well starts with {@code response.created} for this response. */
    static final String RESPONSE_ID = "resp_1";

    /**
     * R2 (D15 for this protocol), with the counts of {@code r2-cut-mid-arguments.sse} as written by hand: 5 events,
     * 2572 bytes (the file's size: its last event ends with its blank line), and the call's arguments
     * {@code {"ci} and {@code ty":"Pa}, 4 + 7 bytes, unfinished.
     */
    static final String TRUNCATED = "streamguard: stream truncated: the body ended after 5 events (2572 bytes) before a terminal event"
            + " (response.completed, response.incomplete or response.failed); function_call output item 0 (get_weather) was open"
            + " with 11 bytes of unfinished arguments";
    /** R4: the upstream's error, its message then its code, as the guard reports it (a flat error event or response.failed). */
    static final String OVERLOADED = "streamguard: upstream error: The model is overloaded (server_error)";
    /**
     * R6 and D21 with its default ({@code tool-args.invalid-json=fail}): the call named as the protocol names its
     * items, then the JSON check's own words for {@code {"city":"Paris"} (15 bytes).
     */
    static final String INVALID_ARGUMENTS = "streamguard: function_call output item 0 (get_weather) arguments are unfinished JSON:"
            + " it ends with an unclosed object after 15 bytes";
    /**
     * R6 and D20: the per-call cap, crossed where {@link SdkFloodIT#capFailure} sees it: the flood's arguments start
     * with the same 9 bytes {@code {"city":"}, then 64 KiB per delta.
     */
    static final String CAPPED = "streamguard: function_call output item 0 (get_weather) arguments exceeded 4MiB"
            + " (streamguard.tool-args.max-bytes) at " + StreamingServer.FAILING_AT + " bytes";

    /** The file's name without {@code .sse}; for a stall, {@code <name>+stall}; {@code flood} for the flood. */
    final String name;
    final Source source;
    /** What the application must see with the agent when {@link #failure} is null. */
    final List<ChatResult.ToolCall> tools;
    final String text;
    /** The exact {@code streamguard:} message the application must get with the agent, or null when the stream must read correctly. */
    final String failure;
    /**
     * The rules the agent's log line for the stream must name in its {@code rules=} (with a count each). Empty
     * when the agent logs no line, which it writes only for a stream it repaired or failed: not for a compliant
     * stream, nor for the stall, whose events pass untouched too (the guard ends the call after
     * {@code response.completed} and counts D42 in the stream's report, but does not log it).
     */
    final List<String> rules;

    private ResponsesStream(String name, Source source, List<ChatResult.ToolCall> tools, String text, String failure, List<String> rules) {
        this.name = name;
        this.source = source;
        this.tools = tools;
        this.text = text;
        this.failure = failure;
        this.rules = rules;
    }

    static ResponsesStream calls(String name, ChatResult.ToolCall... tools) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(tools), null, null, rulesOf(name));
    }

    static ResponsesStream text(String name, String text) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(), text, null, rulesOf(name));
    }

    static ResponsesStream failing(String name, String failure, String... rules) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(), null, failure, List.of(rules));
    }

    /** The rule of an {@code r<n>-} stream, {@code R<n>}; none for a compliant one. */
    private static List<String> rulesOf(String name) {
        return name.startsWith("compliant-") ? List.of() : List.of("R" + name.charAt(1));
    }

    /** Every stream, the flood last: without the agent it may exhaust the client's heap. */
    static List<ResponsesStream> all() {
        return List.of(
                calls("compliant-function-call", WEATHER),
                calls("compliant-parallel-calls", WEATHER, TIME),
                text("compliant-text", "Hello world"),
                calls("r1-empty-output", WEATHER),
                text("r1-empty-output-text", "Hello world"),
                calls("r1-missing-identity", WEATHER),
                failing("r2-cut-mid-arguments", TRUNCATED, "R2"),
                calls("r3-no-item-added", WEATHER),
                calls("r3-name-only-in-arguments-done", WEATHER),
                calls("r3-changed-item-id", WEATHER),
                calls("r3-no-item-id", WEATHER),
                calls("r3-no-item-id-parallel-calls", WEATHER, TIME),
                calls("r3-one-based-output-index", WEATHER),
                calls("r3-repeated-output-index", WEATHER, TIME),
                failing("r4-error-event", OVERLOADED, "R4"),
                failing("r4-response-failed", OVERLOADED, "R4"),
                calls("r5-no-sequence-number", WEATHER),
                calls("r5-zero-sequence-number", WEATHER),
                failing("r6-invalid-arguments", INVALID_ARGUMENTS, "R6", "D21"),
                new ResponsesStream("compliant-function-call+stall", Source.STALL, List.of(WEATHER), null, null, List.of()),
                new ResponsesStream("flood", Source.FLOOD, List.of(), null, CAPPED, List.of("R6", "D20")));
    }

    /**
     * The root URL the SDK gets in one run (tagged). A stall is waited for past the SDKs' 5 s timeouts; the
     * flood, without the agent, long enough to fill the client's heap (40 s, as {@link SdkFloodIT} waits).
     */
    String target(Upstream upstream, StreamingServer server, String tag, boolean withAgent) {
        switch (source) {
            case SDK_STREAM:
                return upstream.url(false, "/s/" + DIR + "/" + name + tag);
            case STALL:
                return server.stallRoot("s/" + DIR + "/" + name.substring(0, name.length() - "+stall".length()), tag) + "#wait=10000";
            default:
                return server.floodRoot(DIR, tag) + SdkFloodIT.floodWait(withAgent);
        }
    }

    /** The path prefix of this stream's requests in one run: the upstream records it, the agent's log line names it. */
    String pathPrefix(String target) {
        String root = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        return root.substring(root.indexOf('/', "http://".length())) + "/";
    }

    /** How what the application saw differs from what the stream means (empty when it matches). */
    List<String> differences(ResponsesClient client, ChatResult seen) {
        List<String> d = new ArrayList<>();
        if (seen.hung()) {
            return List.of("hung");
        }
        if (!seen.errors.isEmpty()) {
            d.add("error " + seen.errors);
        }
        if (!seen.completed) {
            d.add("not completed");
        }
        if (seen.tools.size() != tools.size()) {
            d.add("function calls " + seen.tools + " instead of " + tools);
        } else {
            for (int i = 0; i < tools.size(); i++) {
                ChatResult.ToolCall want = tools.get(i);
                ChatResult.ToolCall got = seen.tools.get(i);
                if (!want.id.equals(got.id) || !want.name.equals(got.name) || !want.arguments.equals(got.arguments)) {
                    d.add("function call " + i + " " + got + " instead of " + want);
                }
            }
        }
        if (!Objects.equals(text, seen.text)) {
            d.add("text " + seen.text + " instead of " + text);
        }
        String finish = client.finish(!tools.isEmpty());
        if (!finish.equals(seen.finish)) {
            d.add("finish " + seen.finish + " instead of " + finish);
        }
        // The response's id, and nothing else: no error of a failed response, no second terminal callback.
        if (!seen.notes.equals(List.of("response " + RESPONSE_ID))) {
            d.add("notes " + seen.notes + " instead of [response " + RESPONSE_ID + "]");
        }
        return d;
    }

    /** Whether the call ended and one exception of the chain the application got has exactly this stream's failure. */
    boolean failedAsItMust(ChatResult seen) {
        return !seen.hung() && seen.failedWith(failure);
    }

    @Override
    public String toString() {
        return name;
    }
}
