package dev.streamguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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

    /** D15 for this protocol: the body ended before a terminal event. */
    static final Pattern TRUNCATED = Pattern.compile("^streamguard: stream truncated:");
    /** The upstream's error, its message then its code, as the guard reports it (a flat error event or response.failed). */
    static final Pattern OVERLOADED = Pattern.compile(Pattern.quote("streamguard: upstream error: The model is overloaded (server_error)"));
    /**
     * D21 with its default ({@code tool-args.invalid-json=fail}): as {@code openai/d21-invalid-arguments} fails,
     * the call named as the protocol names its items, then the JSON check's own words for {@code {"city":"Paris"}.
     */
    static final Pattern INVALID_ARGUMENTS = Pattern.compile(
            "^streamguard: [^:]*\\(get_weather\\) arguments are unfinished JSON: it ends with an unclosed object after 15 bytes$");
    /** D20: the per-call cap, whatever the call is called. */
    static final Pattern CAPPED = Pattern.compile("^streamguard:.*arguments exceeded");

    /** The file's name without {@code .sse}; for a stall, {@code <name>+stall}; {@code flood} for the flood. */
    final String name;
    final Source source;
    /** What the application must see with the agent when {@link #failure} is null. */
    final List<ChatResult.ToolCall> tools;
    final String text;
    /** What one message of the exception chain must contain with the agent, or null when the stream must read correctly. */
    final Pattern failure;

    private ResponsesStream(String name, Source source, List<ChatResult.ToolCall> tools, String text, Pattern failure) {
        this.name = name;
        this.source = source;
        this.tools = tools;
        this.text = text;
        this.failure = failure;
    }

    static ResponsesStream calls(String name, ChatResult.ToolCall... tools) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(tools), null, null);
    }

    static ResponsesStream text(String name, String text) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(), text, null);
    }

    static ResponsesStream failing(String name, Pattern failure) {
        return new ResponsesStream(name, Source.SDK_STREAM, List.of(), null, failure);
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
                failing("r2-cut-mid-arguments", TRUNCATED),
                calls("r3-no-item-added", WEATHER),
                calls("r3-name-only-in-arguments-done", WEATHER),
                calls("r3-changed-item-id", WEATHER),
                calls("r3-no-item-id", WEATHER),
                calls("r3-no-item-id-parallel-calls", WEATHER, TIME),
                calls("r3-one-based-output-index", WEATHER),
                calls("r3-repeated-output-index", WEATHER, TIME),
                failing("r4-error-event", OVERLOADED),
                failing("r4-response-failed", OVERLOADED),
                calls("r5-no-sequence-number", WEATHER),
                calls("r5-zero-sequence-number", WEATHER),
                failing("r6-invalid-arguments", INVALID_ARGUMENTS),
                new ResponsesStream("compliant-function-call+stall", Source.STALL, List.of(WEATHER), null, null),
                new ResponsesStream("flood", Source.FLOOD, List.of(), null, CAPPED));
    }

    /** Whether this is a compliant stream (in the reference shape): the guard must pass it untouched. */
    boolean compliant() {
        return name.startsWith("compliant-") && source == Source.SDK_STREAM;
    }

    /**
     * The root URL the SDK gets in one run (tagged). A stall is waited for past the SDKs' 5 s timeouts; the
     * flood, without the agent, long enough to fill the client's heap.
     */
    String target(Upstream upstream, StreamingServer server, String tag, boolean withAgent) {
        switch (source) {
            case SDK_STREAM:
                return upstream.url(false, "/s/" + DIR + "/" + name + tag);
            case STALL:
                return server.stallRoot("s/" + DIR + "/" + name.substring(0, name.length() - "+stall".length()), tag) + "#wait=10000";
            default:
                return server.floodRoot(DIR, tag) + (withAgent ? "#wait=15000" : "#wait=30000");
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
        if (!seen.notes.contains("response " + RESPONSE_ID)) {
            d.add("response id: notes " + seen.notes + " instead of 'response " + RESPONSE_ID + "'");
        }
        return d;
    }

    /** Whether one message of the exception chain the application got has the failure this stream must end in. */
    boolean failedAsItMust(ChatResult seen) {
        return !seen.hung() && seen.errors.stream().anyMatch(e -> e.message != null && failure.matcher(e.message).find());
    }

    @Override
    public String toString() {
        return name;
    }
}
