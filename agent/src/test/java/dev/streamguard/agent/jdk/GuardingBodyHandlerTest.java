package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.streamguard.StreamGuardException;
import dev.streamguard.agent.jdk.FlowDoubles.RecordingDownstream;
import dev.streamguard.agent.jdk.FlowDoubles.ScriptedPublisher;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.StreamReport;
import dev.streamguard.runtime.JdkHttpClientBridge;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GuardingBodyHandler} with the runtime installed as the agent installs it: the application's handler is
 * asked exactly once, and its subscriber is returned untouched unless the response is an event stream the
 * configuration guards and the guard can read. The runtime is process-global and can be installed once per JVM:
 * the module runs each test class in its own JVM (see its pom).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardingBodyHandlerTest {
    private static final String CHAT = "http://127.0.0.1:1/v1/chat/completions";
    private static final String EXCLUDED = "http://127.0.0.1:1/excluded/v1/chat/completions";
    private static final String REQUEST_JSON = "{\"model\":\"gpt-4o-handler-test\",\"stream\":true,\"messages\":[]}";
    private static final RecordingHost HOST = new RecordingHost();

    @BeforeAll
    static void installRuntime() {
        GuardConfig config = ConfigLoader.load("exclude-urls=*/excluded/*", new Properties(), Map.of());
        assertTrue(StreamGuardRuntime.install(config, HOST, new GuardingBodyHandlers()),
                "the runtime was already installed in this JVM");
    }

    @BeforeEach
    void clearHost() {
        HOST.clear();
    }

    @AfterEach
    void noInternalErrors() {
        assertEquals(List.of(), HOST.internalErrors, "the guard reported internal errors");
    }

    /** What the agent's host would log: reports, unguarded streams, internal errors. */
    static final class RecordingHost implements StreamGuardRuntime.Host {
        final List<StreamReport> reports = Collections.synchronizedList(new ArrayList<>());
        final List<String> unguarded = Collections.synchronizedList(new ArrayList<>());
        final List<String> internalErrors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onReport(StreamReport report) {
            reports.add(report);
        }

        @Override
        public void onUnguarded(String client, String url, String reason) {
            unguarded.add(client + " " + url + " " + reason);
        }

        @Override
        public void onInternalError(String where, Throwable error) {
            internalErrors.add(where + ": " + error);
        }

        void clear() {
            reports.clear();
            unguarded.clear();
            internalErrors.clear();
        }
    }

    /** The application's handler: counts its calls and hands out a fresh recording subscriber each time. */
    static final class CountingHandler implements HttpResponse.BodyHandler<String> {
        final AtomicInteger calls = new AtomicInteger();
        final List<HttpResponse.ResponseInfo> infos = Collections.synchronizedList(new ArrayList<>());
        final List<RecordingDownstream> made = Collections.synchronizedList(new ArrayList<>());

        @Override
        public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
            calls.incrementAndGet();
            infos.add(info);
            RecordingDownstream s = new RecordingDownstream();
            made.add(s);
            return s;
        }
    }

    private static final class Info implements HttpResponse.ResponseInfo {
        private final HttpHeaders headers;

        Info(String... nameValues) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (int i = 0; i < nameValues.length; i += 2) {
                map.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
            }
            headers = HttpHeaders.of(map, (a, b) -> true);
        }

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private static HttpRequest post(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST_JSON)).build();
    }

    private static HttpResponse.BodySubscriber<String> apply(String url, CountingHandler app, Info info) {
        HttpResponse.BodyHandler<String> handler = new GuardingBodyHandler<>(post(url), app);
        HttpResponse.BodySubscriber<String> subscriber = handler.apply(info);
        assertEquals(1, app.calls.get(), "the application's handler is called exactly once");
        assertSame(info, app.infos.get(0), "with the response's own ResponseInfo");
        return subscriber;
    }

    // ---- which responses are guarded ------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"text/event-stream", "text/event-stream; charset=utf-8", "TEXT/EVENT-STREAM",
            "Text/Event-Stream;charset=UTF-8", " text/event-stream "})
    void anEventStreamGetsAGuardingSubscriber(String contentType) {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app, new Info("Content-Type", contentType));
        assertInstanceOf(GuardingBodySubscriber.class, s);
        assertNotSame(app.made.get(0), s);
        assertSame(app.made.get(0).getBody(), s.getBody(), "the application's own body stage");
        assertEquals(List.of(), HOST.unguarded);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"identity", " Identity ", ""})
    void anIdentityEncodedEventStreamIsGuarded(String encoding) {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app,
                new Info("content-type", "text/event-stream", "content-encoding", encoding));
        assertInstanceOf(GuardingBodySubscriber.class, s);
        assertEquals(List.of(), HOST.unguarded);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"application/json", "text/plain", "text/event-streaming", "application/x-ndjson",
            "text/html; charset=text/event-stream", "application/json; profile=text/event-stream"})
    void anyOtherContentTypeGetsTheApplicationsOwnSubscriber(String contentType) {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app, new Info("Content-Type", contentType));
        assertSame(app.made.get(0), s);
        assertEquals(List.of(), HOST.unguarded, "not an event stream: nothing to report");
    }

    @Test
    void aResponseWithoutContentTypeGetsTheApplicationsOwnSubscriber() {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app, new Info());
        assertSame(app.made.get(0), s);
    }

    @Test
    void anExcludedUrlGetsTheApplicationsOwnSubscriber() {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(EXCLUDED, app, new Info("Content-Type", "text/event-stream"));
        assertSame(app.made.get(0), s);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"gzip", "br", "deflate", " GZIP "})
    void aCompressedEventStreamIsLeftAloneAndReported(String encoding) {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app,
                new Info("Content-Type", "text/event-stream", "Content-Encoding", encoding));
        assertSame(app.made.get(0), s);
        assertEquals(List.of("jdk " + CHAT + " Content-Encoding " + encoding.trim()), HOST.unguarded);
    }

    @Test
    void aCompressedResponseThatIsNoEventStreamIsNotReported() {
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app,
                new Info("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertSame(app.made.get(0), s);
        assertEquals(List.of(), HOST.unguarded);
    }

    @Test
    void anExceptionFromTheApplicationsHandlerReachesTheApplicationUnchanged() {
        IllegalStateException boom = new IllegalStateException("the application's own failure");
        AtomicInteger calls = new AtomicInteger();
        HttpResponse.BodyHandler<String> app = info -> {
            calls.incrementAndGet();
            throw boom;
        };
        HttpResponse.BodyHandler<String> handler = new GuardingBodyHandler<>(post(CHAT), app);
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> handler.apply(new Info("Content-Type", "text/event-stream"))));
        assertEquals(1, calls.get());
    }

    // ---- the guarding subscriber it builds -----------------------------------------------------------------------

    @Test
    void theGuardingSubscriberRepairsTheStreamAndReportsTheRequest() throws Exception {
        Fixtures f = Fixtures.load("openai/litellm-combined");
        CountingHandler app = new CountingHandler();
        HttpResponse.BodySubscriber<String> s = apply(CHAT, app, new Info("Content-Type", "text/event-stream"));
        new ScriptedPublisher(s, Fixtures.items(f.inputBytes(), 11, 5), null, null).start();
        RecordingDownstream downstream = app.made.get(0);
        downstream.request(Long.MAX_VALUE);
        assertEquals(f.expected, s.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), downstream.violations);

        assertEquals(1, HOST.reports.size(), () -> "one report: " + HOST.reports);
        StreamReport report = HOST.reports.get(0);
        assertEquals("jdk", report.client());
        assertEquals(CHAT, report.url());
        assertEquals("gpt-4o-handler-test", report.model(), "the request body was read for the guard");
        assertEquals(Outcome.COMPLETED, report.outcome());
        assertTrue(report.repaired());
    }

    // ---- the wrapper the advice reaches through the bridge --------------------------------------------------------

    @Test
    void theBridgeWrapsEachHandlerOnceAndLeavesEverythingElse() {
        HttpRequest request = post(CHAT);
        CountingHandler app = new CountingHandler();
        Object wrapped = JdkHttpClientBridge.wrapHandler(request, app);
        assertInstanceOf(GuardingBodyHandler.class, wrapped);
        assertSame(wrapped, JdkHttpClientBridge.wrapHandler(request, wrapped), "never wrapped twice");
        assertSame(app, JdkHttpClientBridge.wrapHandler("not a request", app));
        Object notAHandler = new Object();
        assertSame(notAHandler, JdkHttpClientBridge.wrapHandler(request, notAHandler));
        assertEquals(null, JdkHttpClientBridge.wrapHandler(request, null));
        assertEquals(0, app.calls.get(), "wrapping asks the application's handler nothing");
    }

    // ---- a real HttpClient against a local server ----------------------------------------------------------------

    private interface Exchange {
        void run(HttpClient client, URI base) throws Exception;
    }

    /** Serves {@code /sse/NAME} (the fixture's body as text/event-stream, in small flushed writes) and {@code /json}. */
    private static void withServer(Exchange exchange) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sse/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/sse/".length());
            byte[] body = Fixtures.load(name).inputBytes();
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int at = 0; at < body.length; at += 37) {
                    out.write(body, at, Math.min(37, body.length - at));
                    out.flush();
                }
            }
        });
        server.createContext("/json", ex -> {
            byte[] body = "{\"not\":\"a stream\"}\n\n".getBytes(StandardCharsets.UTF_8);
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            exchange.run(client, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodyHandler<T> guarded(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return (HttpResponse.BodyHandler<T>) JdkHttpClientBridge.wrapHandler(request, handler);
    }

    private static List<String> lines(String text) {
        return new BufferedReader(new StringReader(text)).lines().collect(Collectors.toList());
    }

    @Test
    void aRealHttpClientReadsTheRepairedLines() throws Exception {
        Fixtures f = Fixtures.load("openai/litellm-combined");
        withServer((client, base) -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/sse/openai/litellm-combined"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(REQUEST_JSON)).build();
            HttpResponse<Stream<String>> response = client.send(request,
                    guarded(request, HttpResponse.BodyHandlers.ofLines()));
            try (Stream<String> lines = response.body()) {
                assertEquals(lines(f.expected), lines.collect(Collectors.toList()));
            }
        });
        assertEquals(1, HOST.reports.size());
        assertEquals("gpt-4o-handler-test", HOST.reports.get(0).model());
    }

    @Test
    void aRealHttpClientGetsTheSynthesizedDoneThroughAnInputStream() throws Exception {
        Fixtures f = Fixtures.load("openai/d14-missing-done");
        withServer((client, base) -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/sse/openai/d14-missing-done"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<java.io.InputStream> response = client.send(request,
                    guarded(request, HttpResponse.BodyHandlers.ofInputStream()));
            try (java.io.InputStream in = response.body()) {
                assertEquals(f.expected, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void aRealHttpClientSendFailsWithTheGuardsMessage() throws Exception {
        Fixtures f = Fixtures.load("openai/d12-upstream-error");
        withServer((client, base) -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/sse/openai/d12-upstream-error"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            IOException e = assertThrows(IOException.class,
                    () -> client.send(request, guarded(request, HttpResponse.BodyHandlers.ofString())));
            assertEquals(f.failureMessage, e.getMessage());
            Throwable c = e;
            while (c != null && !(c instanceof StreamGuardException)) {
                c = c.getCause();
            }
            assertInstanceOf(StreamGuardException.class, c, "the guard's exception in the cause chain of " + e);
        });
    }

    /** A handler as a tracing agent wraps one: its subscriber hands everything to the application's. */
    private static <T> HttpResponse.BodyHandler<T> wrapped(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            HttpResponse.BodySubscriber<T> inner = handler.apply(info);
            return new HttpResponse.BodySubscriber<T>() {
                @Override
                public java.util.concurrent.CompletionStage<T> getBody() {
                    return inner.getBody();
                }

                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    inner.onSubscribe(subscription);
                }

                @Override
                public void onNext(List<java.nio.ByteBuffer> item) {
                    inner.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    inner.onError(throwable);
                }

                @Override
                public void onComplete() {
                    inner.onComplete();
                }
            };
        };
    }

    /**
     * Setting anthropic.error-event=auto: a body taken as a publisher (how Spring's WebClient reads on its JDK
     * connector), even through another agent's wrapper, fails on an Anthropic error event after the bytes
     * before it; a body taken whole gets the event, for the application's SDK to raise.
     */
    @Test
    void anAnthropicErrorEventFailsABodyTakenAsAPublisherOnly() throws Exception {
        Fixtures f = Fixtures.load("anthropic/error-event");
        withServer((client, base) -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/sse/anthropic/error-event"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<java.util.concurrent.Flow.Publisher<List<java.nio.ByteBuffer>>> response = client.send(request,
                    guarded(request, wrapped(HttpResponse.BodyHandlers.ofPublisher())));
            RecordingDownstream reader = new RecordingDownstream();
            response.body().subscribe(reader);
            for (int i = 0; i < 500 && reader.subscription == null; i++) {
                Thread.sleep(10);
            }
            reader.request(Long.MAX_VALUE);
            assertThrows(java.util.concurrent.ExecutionException.class, () -> reader.body.get(10, TimeUnit.SECONDS));
            assertEquals("streamguard: upstream error: Overloaded", reader.error.getMessage());
            assertEquals(f.input.substring(0, f.input.indexOf("event: error\n")), reader.text());

            HttpResponse<String> whole = client.send(request, guarded(request, wrapped(HttpResponse.BodyHandlers.ofString())));
            assertEquals(f.input, whole.body());
        });
    }

    @Test
    void aRealHttpClientResponseThatIsNoEventStreamIsUntouched() throws Exception {
        withServer((client, base) -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/json")).timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = client.send(request, guarded(request, HttpResponse.BodyHandlers.ofString()));
            assertEquals("{\"not\":\"a stream\"}\n\n", response.body());
        });
        assertEquals(List.of(), HOST.reports, "no guard, no report");
    }
}
