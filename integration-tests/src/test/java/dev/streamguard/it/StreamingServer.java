package dev.streamguard.it;

import com.sun.net.httpserver.HttpExchange;
import dev.streamguard.testing.Fixture;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback upstream for streams MockWebServer cannot serve, because it buffers whole bodies:
 * <ul>
 * <li>{@code /flood/<provider>/...}: a glitched model's endless tool arguments (D20), generated as they are
 * sent, so that a flood of any size never sits in the test JVM's memory: one tool call {@code get_weather}
 * whose arguments start {@code {"city":"} and then grow by 64 KiB of {@code A} per event, until the client
 * goes away or {@link #LIMIT} bytes were sent; the Anthropic Messages shape for the provider
 * {@code anthropic}, the Responses API's for {@code openai-responses} ({@link ResponsesFlood}), Gemini's for
 * {@code gemini} (one chunk without end, {@link GeminiFlood}), else OpenAI Chat Completions. For each path it records how the response ended:
 * {@code client gone after N bytes} or {@code limit reached}.</li>
 * <li>{@code /stall/<fixture>/...}: the fixture's body, then nothing for {@link #STALL_MILLIS} with the
 * connection open (no end of the chunked body), as a proxy that keeps a finished stream open does (D42);
 * {@code /stall/s/<dir>/<name>/...} the same for a stream of {@code src/test/resources/sdk-streams}.</li>
 * <li>{@code /pings/<fixture>/...}: an Anthropic fixture's body without its {@code message_stop}, then a ping every
 * {@link #PING_MILLIS} for {@link #STALL_MILLIS}, as a Claude-Code proxy that never sends it does (D43).</li>
 * </ul>
 */
final class StreamingServer implements AutoCloseable {
    static final int FRAGMENT = Flood.FRAGMENT;
    /** Far more than any small client heap can hold: the response stops here if the client never does. */
    static final long LIMIT = 1L << 30;
    /** The first argument bytes, {"city":" (9), then 64 KiB per event: the 64th fragment crosses the default 4 MiB cap. */
    static final long FAILING_AT = 9 + (long) Flood.FAILING_FRAGMENT * FRAGMENT;
    /** How long a stalled stream keeps the connection open after its last event before it ends the body. */
    static final long STALL_MILLIS = 20_000;
    static final long PING_MILLIS = 500;
    private static final String MESSAGE_STOP = "event: message_stop\n";
    private static final byte[] PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);

    private static final String OPENAI_START = "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_f\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"\"}}]},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String OPENAI_FRAGMENT = "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
            + "A".repeat(FRAGMENT) + "\"}}]},\"finish_reason\":null}]}\n\n";
    private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_f\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_f\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"city\\\":\\\"\"}}\n\n";
    private static final String ANTHROPIC_FRAGMENT = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + "A".repeat(FRAGMENT) + "\"}}\n\n";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "streaming-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> endings = new ConcurrentHashMap<>();
    private final Map<String, Long> lastEventSent = new ConcurrentHashMap<>();

    StreamingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(executor);
        server.createContext("/flood/", this::flood);
        server.createContext("/stall/", exchange -> stall(exchange, "/stall/", false));
        server.createContext("/pings/", exchange -> stall(exchange, "/pings/", true));
        server.start();
    }

    /** The root URL of a flood for one call; the SDK appends its own path. */
    String floodRoot(String provider, String tag) {
        return floodRoot(provider, "plain", tag);
    }

    /**
     * The root URL of a flood after a preamble that once turned the guard off: {@code queued} (a gateway's status
     * event first), {@code many-choices} (a chunk with more choices than the guard follows), {@code bom} (a byte
     * order mark), or {@code plain} (none).
     */
    String floodRoot(String provider, String preamble, String tag) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/flood/" + provider + "/" + preamble + tag;
    }

    private static String preamble(String path) {
        if (path.contains("/queued")) {
            return "data: {\"status\":\"queued\"}\n\n";
        }
        if (path.contains("/bom")) {
            return "\ufeff";
        }
        if (path.contains("/many-choices")) {
            StringBuilder sb = new StringBuilder("data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"choices\":[");
            for (int i = 0; i < 1100; i++) {
                sb.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"delta\":{\"content\":\"\"},\"finish_reason\":null}");
            }
            return sb.append("]}\n\n").toString();
        }
        return "";
    }

    /** The root URL of a fixture that stalls after its last event; the SDK appends its own path. */
    String stallRoot(String fixture, String tag) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stall/" + fixture + tag;
    }

    /** The root URL of an Anthropic fixture that sends pings instead of its message_stop; the SDK appends its own path. */
    String pingsRoot(String fixture, String tag) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pings/" + fixture + tag;
    }

    /**
     * When the last event of the body under this root went out (epoch millis), or null. The root is a whole
     * path: {@code .../r/5} does not match a request under {@code .../r/50}.
     */
    Long lastEventSent(String root) {
        String path = root.substring(root.indexOf('/', "http://".length())) + "/";
        return lastEventSent.entrySet().stream().filter(e -> e.getKey().startsWith(path)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * With the agent, a connection held open after its last event does not hold the application: what is wrong
     * when the call for this target (a root URL, {@code #wait=} allowed) did not end within {@code allowedMillis}
     * of the last event the server sent under it (empty when it did). Prints how long it took.
     */
    List<String> heldOpenProblems(String test, String stream, String target, long endedAtMillis, long allowedMillis) {
        Long sent = lastEventSent(withoutWait(target));
        if (sent == null || endedAtMillis == 0) {
            return List.of(stream + ": no time for the last event (" + sent + ") or for the end of the call (" + endedAtMillis + ")");
        }
        long took = endedAtMillis - sent;
        System.out.println(test + " " + stream + ": the call ended " + took + " ms after the upstream's last event");
        return took <= allowedMillis ? List.of() : List.of(stream + ": the call ended " + took + " ms after the last event, more than " + allowedMillis);
    }

    /** The root URL a target names: the target without the {@code #wait=<millis>} that only the client application reads. */
    static String withoutWait(String target) {
        int wait = target.indexOf("#wait=");
        return wait < 0 ? target : target.substring(0, wait);
    }

    private void stall(HttpExchange exchange, String prefix, boolean pings) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getPath();
        String body = stalledBody(path.substring(prefix.length()));
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        try {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            if (pings) {
                body = body.substring(0, body.indexOf(MESSAGE_STOP));
            }
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastEventSent.put(path, System.currentTimeMillis());
            long end = System.currentTimeMillis() + STALL_MILLIS;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(pings ? PING_MILLIS : STALL_MILLIS);
                if (pings) {
                    out.write(PING);
                    out.flush();
                }
            }
            out.close();
        } catch (IOException | InterruptedException gone) {
            // the client went away: nothing more to send
        } finally {
            exchange.close();
        }
    }

    /**
     * The body a stalled stream sends before it stalls: a fixture of the core's corpus, or, for a path
     * {@code s/<dir>/<name>/...}, the stream {@code <dir>/<name>.sse} of {@link Upstream#SDK_STREAMS}; null when none.
     */
    private static String stalledBody(String rest) {
        if (rest.startsWith("s/")) {
            String[] segments = rest.substring(2).split("/", 3);
            Path file = Upstream.SDK_STREAMS.resolve(segments[0]).resolve((segments.length > 1 ? segments[1] : "") + ".sse");
            return segments.length > 1 && Files.isRegularFile(file) ? Upstream.read(file) : null;
        }
        String[] fixture = Upstream.fixtureOf(rest);
        return fixture == null ? null : Fixture.load(fixture[0]).input;
    }

    /**
     * How the response to the request under this root ended; null while it runs or if none came. The root is a
     * whole path: {@code .../r/5} does not match a request under {@code .../r/50}.
     */
    String ending(String root) {
        String path = root.substring(root.indexOf("/flood/")) + "/";
        return endings.entrySet().stream().filter(e -> e.getKey().startsWith(path)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * How the flood under this root ended, waited for up to 5 s: the server's write fails when the client goes
     * away, and its thread records that a moment after the client's call has ended. Null if it did not end.
     */
    String awaitEnding(String root) throws InterruptedException {
        String ending = ending(root);
        for (int i = 0; ending == null && i < 50; i++) {
            Thread.sleep(100);
            ending = ending(root);
        }
        return ending;
    }

    private void flood(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        boolean anthropic = path.contains("/anthropic/");
        boolean responses = path.contains("/openai-responses/");
        boolean gemini = path.contains("/gemini/");
        byte[] start = (preamble(path) + (anthropic ? ANTHROPIC_START : responses ? ResponsesFlood.START : gemini ? GeminiFlood.START : OPENAI_START))
                .getBytes(StandardCharsets.UTF_8);
        byte[] fragment = (anthropic ? ANTHROPIC_FRAGMENT : gemini ? GeminiFlood.FRAGMENT : OPENAI_FRAGMENT).getBytes(StandardCharsets.UTF_8);
        long sequenceNumber = ResponsesFlood.FIRST_FRAGMENT;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        long sent = 0;
        try {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(start);
            sent += start.length;
            while (sent < LIMIT) {
                if (responses) {
                    fragment = ResponsesFlood.fragment(sequenceNumber++); // each Responses event has the next number
                }
                out.write(fragment);
                out.flush();
                sent += fragment.length;
            }
            endings.put(path, "limit reached");
            out.close();
        } catch (IOException gone) {
            endings.put(path, "client gone after " + sent + " bytes");
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
