package dev.streamguard.benchmarks.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark upstream, in the harness JVM: {@code /paced/<events>/v1/chat/completions} streams OpenAI chunks whose
 * content is the System.nanoTime() at which each was written (CLOCK_MONOTONIC on Linux, comparable across
 * processes), one per interval; {@code /flood/v1/chat/completions} streams one tool call with
 * arguments that grow by 64 KiB per event up to 1 GiB, generated as it goes; {@code /text} streams a typical
 * 600-token text completion ({@code -Dbench.words=} for another length).
 */
public final class LoopbackUpstream implements AutoCloseable {
    static final String HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1763700000,"
            + "\"model\":\"gpt-4o\",\"choices\":[";
    private final HttpServer server;
    private final long intervalNanos;

    LoopbackUpstream(long intervalNanos) throws IOException {
        this.intervalNanos = intervalNanos;
        // The JDK's server closes idle connections past 200, and those idle for 30 s (both read once, before its
        // first use): a client that keeps 500 open, some idle for longer in a run of 40 rounds, and does not retry
        // one closed as it sends (Vert.x, HttpClient 5 async) would lose streams.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        System.setProperty("sun.net.httpserver.idleInterval", "600");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 600);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-upstream");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/paced", this::paced);
        server.createContext("/flood", LoopbackUpstream::flood);
        server.createContext("/text", LoopbackUpstream::text);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static OutputStream begin(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private void paced(HttpExchange exchange) throws IOException {
        int pacedEvents = Integer.parseInt(exchange.getRequestURI().getPath().split("/")[2]);
        try (OutputStream out = begin(exchange)) {
            out.write((HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < pacedEvents; i++) {
                LockSupport.parkNanos(intervalNanos);
                out.write((HEAD + "{\"index\":0,\"delta\":{\"content\":\"" + System.nanoTime()
                        + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write((HEAD + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void flood(HttpExchange exchange) throws IOException {
        byte[] fragment = (HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + "A".repeat(64 * 1024) + "\"}}]},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = begin(exchange)) {
            out.write((HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"flood\",\"arguments\":\"{\\\"data\\\":\\\"\"}}]},"
                    + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 16 * 1024; i++) {
                out.write(fragment);
            }
        } catch (IOException clientGaveUp) {
            // The guarded client stops at its cap; the unguarded one may die first.
        }
    }

    private static void text(HttpExchange exchange) throws IOException {
        try (OutputStream out = begin(exchange)) {
            out.write(TEXT);
        } catch (IOException clientGaveUp) {
            // A benchmark client that failed: the harness reports it.
        }
    }

    /** The system property that sets how many text events {@link #TEXT} has, for the harness and its children alike. */
    static final String WORDS = "bench.words";
    /** A typical completion: 600 text events between its first and its last, unless {@link #WORDS} says otherwise. */
    static final byte[] TEXT = text(Integer.getInteger(WORDS, 600));

    /** A copy of the body {@code /text} streams, for benchmarks that read it without a socket. */
    public static byte[] textBody() {
        return TEXT.clone();
    }

    /** A body of {@link #TEXT}'s shape with {@code words} text events. */
    static byte[] text(int words) {
        StringBuilder sb = new StringBuilder(HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < words; i++) {
            sb.append(HEAD).append("{\"index\":0,\"delta\":{\"content\":\" word").append(i).append("\"},\"finish_reason\":null}]}\n\n");
        }
        sb.append(HEAD).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
