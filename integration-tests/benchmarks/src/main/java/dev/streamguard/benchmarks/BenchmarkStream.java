package dev.streamguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One of the throughput benchmarks' bodies, by name, with the spans of its events' JSON found in advance: what
 * jackson-core is given to tokenize, so that SSE framing is not counted for it.
 */
final class BenchmarkStream {
    static final String[] NAMES = {"openai-tool-call", "openai-text", "anthropic-tool-use", "responses-tool-call", "responses-text",
        "gemini-function-call", "gemini-text"};

    final String name;
    final byte[] body;
    private final int[] dataStart;
    private final int[] dataEnd;

    BenchmarkStream(String name) {
        this.name = name;
        this.body = body(name);
        List<int[]> spans = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                if (i - lineStart > 6 && body[lineStart] == 'd' && body[lineStart + 6] == '{') {
                    spans.add(new int[] {lineStart + 6, body[i - 1] == '\r' ? i - 1 : i});
                }
                lineStart = i + 1;
            }
        }
        dataStart = spans.stream().mapToInt(s -> s[0]).toArray();
        dataEnd = spans.stream().mapToInt(s -> s[1]).toArray();
    }

    private static byte[] body(String name) {
        switch (name) {
            case "openai-tool-call":
                return StreamBodies.openAiToolCall();
            case "openai-text":
                return StreamBodies.openAiText();
            case "anthropic-tool-use":
                return StreamBodies.anthropicToolUse();
            case "responses-tool-call":
                return StreamBodies.responsesToolCall();
            case "responses-text":
                return StreamBodies.responsesText();
            case "gemini-function-call":
                return StreamBodies.geminiFunctionCall();
            case "gemini-text":
                return StreamBodies.geminiText();
            default:
                throw new IllegalArgumentException("no stream " + name + "; one of " + String.join(", ", NAMES));
        }
    }

    int events() {
        return dataStart.length;
    }

    /** jackson-core tokenizing each event's JSON, every token consumed. */
    void tokenize(JsonFactory json, Blackhole bh) throws IOException {
        for (int e = 0; e < dataStart.length; e++) {
            try (JsonParser p = json.createParser(body, dataStart[e], dataEnd[e] - dataStart[e])) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    bh.consume(t);
                }
            }
        }
    }
}
