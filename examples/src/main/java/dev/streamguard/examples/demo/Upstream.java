package dev.streamguard.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The misbehaving LLM endpoint: an HTTP server on the loopback interface that streams, for each scenario, the
 * bytes a real proxy or relay has been seen to send. Each stream is written event by event, flushed, chunked.
 */
final class Upstream implements AutoCloseable {
    /** The runaway stream stops (and then ends properly) after this much argument text, if the client is still there. */
    static final int RUNAWAY_LIMIT_MIB = 256;
    static final int RUNAWAY_FRAGMENT = 64 * 1024;

    private static final String CHUNK = "{\"id\":\"chatcmpl-demo\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":";

    private final HttpServer server;
    private final ExecutorService threads;

    Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstream");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            Scenario scenario = null;
            for (Scenario s : Scenario.values()) {
                if (s.path().equals(exchange.getRequestURI().getPath())) {
                    scenario = s;
                }
            }
            if (scenario == null || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                stream(scenario, new Events(out));
            } catch (IOException clientWentAway) {
                // The client closed the stream (after an error, or the guard failed it): nothing more to send.
            }
        }
    }

    private static void stream(Scenario scenario, Events out) throws IOException {
        switch (scenario) {
            case LITELLM:
                litellm(out);
                break;
            case ANTHROPIC_INPUT_IN_START:
                anthropicToolUse(out, "{\"city\":\"Paris\"}");
                break;
            case ANTHROPIC_INPUT_LOST:
                anthropicToolUse(out, "{}");
                break;
            case TRUNCATED:
                truncated(out);
                break;
            case RUNAWAY:
                runaway(out);
                break;
            default:
                throw new IllegalStateException(scenario.name());
        }
    }

    /**
     * LiteLLM (#8012, #20480) repeats {@code role}, {@code id}, {@code type} and the whole {@code name} on every
     * delta, resends the complete arguments in a summary chunk, ends a tool-call turn with {@code finish_reason:
     * "stop"} and hangs its synthetic usage onto that finish chunk.
     */
    private static void litellm(Events out) throws IOException {
        for (String args : new String[] {"", "{\\\"city\\\":", "\\\"Paris\\\"}", "{\\\"city\\\":\\\"Paris\\\"}"}) {
            out.data(CHUNK + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                    + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"" + args
                    + "\"}}]},\"finish_reason\":null}]}");
        }
        out.data(CHUNK + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":52,\"completion_tokens\":17,\"total_tokens\":69}}");
        out.data("[DONE]");
    }

    /**
     * An Anthropic {@code tool_use} block whose input is in {@code content_block_start} and never in an
     * {@code input_json_delta}: the whole input (D16, relays that synthesize Anthropic SSE), or {@code {}} with the
     * arguments lost on the way (D17, LiteLLM's {@code /v1/messages} with Gemini and other backends).
     */
    private static void anthropicToolUse(Events out, String input) throws IOException {
        out.event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":52,\"output_tokens\":1}}}");
        out.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":" + input + "}}");
        out.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        out.event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":17}}");
        out.event("message_stop", "{\"type\":\"message_stop\"}");
    }

    /** A proxy that gives up mid-answer and ends the chunked body cleanly: no finish_reason, no [DONE]. */
    private static void truncated(Events out) throws IOException {
        out.data(CHUNK + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        out.data(CHUNK + "[{\"index\":0,\"delta\":{\"content\":\"Paris is mild today,\"},\"finish_reason\":null}]}");
        out.data(CHUNK + "[{\"index\":0,\"delta\":{\"content\":\" with a high of\"},\"finish_reason\":null}]}");
    }

    /** A glitched model repeating itself inside one tool call's arguments, 64 KiB per event. */
    private static void runaway(Events out) throws IOException {
        out.data(CHUNK + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"write_file\",\"arguments\":\"\"}}]},"
                + "\"finish_reason\":null}]}");
        out.data(argumentsChunk("{\\\"path\\\":\\\"notes.txt\\\",\\\"content\\\":\\\""));
        String phrase = "All work and no play makes Jack a dull boy. ";
        StringBuilder fragment = new StringBuilder(RUNAWAY_FRAGMENT);
        while (fragment.length() < RUNAWAY_FRAGMENT) {
            fragment.append(phrase, 0, Math.min(phrase.length(), RUNAWAY_FRAGMENT - fragment.length()));
        }
        byte[] event = ("data: " + argumentsChunk(fragment.toString()) + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (long sent = 0; sent < (long) RUNAWAY_LIMIT_MIB << 20; sent += RUNAWAY_FRAGMENT) {
            out.raw(event);
        }
        out.data(argumentsChunk("\\\"}"));
        out.data(CHUNK + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        out.data("[DONE]");
    }

    private static String argumentsChunk(String jsonEscapedFragment) {
        return CHUNK + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + jsonEscapedFragment + "\"}}]},\"finish_reason\":null}]}";
    }

    /** Writes SSE events, each flushed as it is complete. */
    private static final class Events {
        private final OutputStream out;

        Events(OutputStream out) {
            this.out = out;
        }

        void data(String data) throws IOException {
            raw(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        void event(String type, String data) throws IOException {
            raw(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }
}
