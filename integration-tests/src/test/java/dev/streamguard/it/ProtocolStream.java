package dev.streamguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One stream of a protocol the clients read in {@link ProtocolSdkRun}, and what its application must see with the
 * agent, written out by hand: the function calls, text and response id the stream means, or the failure the guard
 * must raise instead. The streams are the files of {@code src/test/resources/sdk-streams/<dir>} (served by
 * {@link Upstream} at {@code /s/<dir>/<name>/...}), a compliant stream held open after its end
 * ({@link StreamingServer}, {@code /stall/...}), and an endless function call ({@code /flood/<dir>/...}).
 */
final class ProtocolStream {
    enum Source { SDK_STREAM, STALL, FLOOD }

    /** The streams of one protocol: their directory, and the response id every stream that ends well carries. */
    static final class Family {
        final String dir;
        final String responseId;

        Family(String dir, String responseId) {
            this.dir = dir;
            this.responseId = responseId;
        }

        ProtocolStream calls(String name, ChatResult.ToolCall... tools) {
            return textAndCalls(name, null, tools);
        }

        ProtocolStream text(String name, String text) {
            return textAndCalls(name, text);
        }

        ProtocolStream textAndCalls(String name, String text, ChatResult.ToolCall... tools) {
            return new ProtocolStream(this, name, Source.SDK_STREAM, List.of(tools), text, null, rulesOf(name));
        }

        ProtocolStream failing(String name, String failure, String... rules) {
            return new ProtocolStream(this, name, Source.SDK_STREAM, List.of(), null, failure, List.of(rules));
        }

        /** A compliant stream held open after its last event: its events pass untouched, so the agent logs nothing. */
        ProtocolStream stall(ProtocolStream compliant) {
            return new ProtocolStream(this, compliant.name + "+stall", Source.STALL, compliant.tools, compliant.text, null, List.of());
        }

        ProtocolStream flood(String failure, String... rules) {
            return new ProtocolStream(this, "flood", Source.FLOOD, List.of(), null, failure, List.of(rules));
        }

        /** The rule of a stream named after it ({@code r2-...} is R2, {@code g1-...} G1); none for a compliant one. */
        private static List<String> rulesOf(String name) {
            return name.startsWith("compliant-") ? List.of() : List.of(name.substring(0, 2).toUpperCase(java.util.Locale.ROOT));
        }
    }

    final Family family;
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
     * stream, nor for the stall, whose events pass untouched too (the guard ends the call after the terminal event
     * and counts it in the stream's report, but does not log it).
     */
    final List<String> rules;

    private ProtocolStream(Family family, String name, Source source, List<ChatResult.ToolCall> tools, String text, String failure,
                           List<String> rules) {
        this.family = family;
        this.name = name;
        this.source = source;
        this.tools = tools;
        this.text = text;
        this.failure = failure;
        this.rules = rules;
    }

    /**
     * The root URL the SDK gets in one run (tagged). A stall is waited for past the SDKs' 5 s timeouts; the
     * flood, without the agent, long enough to fill the client's heap (40 s, as {@link SdkFloodIT} waits).
     */
    String target(Upstream upstream, StreamingServer server, String tag, boolean withAgent) {
        switch (source) {
            case SDK_STREAM:
                return upstream.url(false, "/s/" + family.dir + "/" + name + tag);
            case STALL:
                return server.stallRoot("s/" + family.dir + "/" + name.substring(0, name.length() - "+stall".length()), tag) + "#wait=10000";
            default:
                return server.floodRoot(family.dir, tag) + SdkFloodIT.floodWait(withAgent);
        }
    }

    /** The path prefix of this stream's requests in one run: the upstream records it, the agent's log line names it. */
    String pathPrefix(String target) {
        String root = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        return root.substring(root.indexOf('/', "http://".length())) + "/";
    }

    /** How what the application saw differs from what the stream means (empty when it matches). */
    List<String> differences(ProtocolClient client, ChatResult seen) {
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
                if (!Objects.equals(want.id, got.id) || !want.name.equals(got.name) || !want.arguments.equals(got.arguments)) {
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
        String id = "response " + family.responseId;
        if (!seen.notes.equals(List.of(id))) {
            d.add("notes " + seen.notes + " instead of [" + id + "]");
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
