package dev.streamguard.it;

import dev.streamguard.testing.Fixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The loopback upstream every forked client talks to: plain HTTP/1.1 (fixed length or chunked) and HTTP/2
 * over TLS (ALPN), serving the fixture corpus by name ({@code /f/<fixture>?transfer=fixed|chunked}), a JSON
 * response ({@code /json}), an event stream that is not an LLM stream ({@code /plain-sse}) and an endless
 * tool-argument stream ({@code /flood}).
 */
final class Upstream implements AutoCloseable, AfterAllCallback {
    static final String JSON_BODY = "{\"id\":\"x\",\"object\":\"list\",\"data\":[1,2,3],\"text\":\"data: [DONE]\"}";
    static final String PLAIN_SSE = ": a ticker, not an LLM\n\nevent: tick\ndata: 1\n\nevent: tick\ndata: {\"n\":2}\n\n"
            + "data: [DONE]\n\ndata: [DONE]\n\n";
    static final String TRUST_PASSWORD = "changeit";
    /** Streams for SDK tests that the core's fixture corpus lacks: {@code <provider>/<name>.sse} (+ {@code .expected.sse}). */
    static final Path SDK_STREAMS = ForkedJvm.ROOT.resolve("src/test/resources/sdk-streams");

    private final MockWebServer http = new MockWebServer();
    private final MockWebServer https = new MockWebServer();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A request the upstream received: its method, path, query (null when none) and body. */
    static final class Recorded {
        final String method;
        final String path;
        final String query;
        final String body;

        Recorded(String method, String path, String query, String body) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.body = body;
        }

        @Override
        public String toString() {
            return method + " " + path + " " + body;
        }
    }
    final Path trustStore;

    /**
     * The upstream of one test class, registered as its extension ({@code @RegisterExtension}): started with the
     * class, closed after its last test.
     */
    static Upstream forTheTestClass() {
        try {
            return new Upstream();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the loopback upstream did not start", e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    Upstream() throws IOException, GeneralSecurityException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        HeldCertificate certificate = new HeldCertificate.Builder()
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .build();
        HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        https.useHttps(server.sslSocketFactory(), false);
        https.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                recorded.add(new Recorded(request.getMethod(), request.getRequestUrl().encodedPath(),
                        request.getRequestUrl().encodedQuery(), request.getBody().clone().readUtf8()));
                return respond(request.getRequestUrl());
            }
        };
        http.setDispatcher(dispatcher);
        https.setDispatcher(dispatcher);
        http.start(loopback, 0);
        https.start(loopback, 0);
        trustStore = Files.createTempFile("streamguard-it-trust", ".p12");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setCertificateEntry("upstream", certificate.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            keyStore.store(out, TRUST_PASSWORD.toCharArray());
        }
        bodies.put("/json", JSON_BODY.getBytes(StandardCharsets.UTF_8));
        bodies.put("/plain-sse", PLAIN_SSE.getBytes(StandardCharsets.UTF_8));
        bodies.put("/flood", Flood.body());
        bodies.put("/too-many-choices", TooManyChoices.BODY.getBytes(StandardCharsets.UTF_8));
    }

    /** The JVM options a forked client needs to trust the upstream's certificate. */
    List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD);
    }

    String url(boolean tls, String pathAndQuery) {
        MockWebServer server = tls ? https : http;
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getPort() + pathAndQuery;
    }

    /** The requests received so far whose path starts with {@code pathPrefix}. */
    List<Recorded> recorded(String pathPrefix) {
        List<Recorded> out = new java.util.ArrayList<>();
        for (Recorded r : recorded) {
            if (r.path.startsWith(pathPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The fixture a path under {@code /f/} names (its shortest prefix that is a fixture), and whether a
     * sub-path follows it; null when none.
     */
    static String[] fixtureOf(String rest) {
        String[] segments = rest.split("/", -1);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            name.append(i == 0 ? "" : "/").append(segments[i]);
            if (i > 0 && Files.isRegularFile(Fixture.root().resolve(name + ".sse"))) {
                return new String[] {name.toString(), String.valueOf(i < segments.length - 1)};
            }
        }
        return null;
    }

    private MockResponse respond(HttpUrl url) {
        String path = url.encodedPath();
        byte[] body;
        String type = "text/event-stream";
        boolean chunked = "chunked".equals(url.queryParameter("transfer"));
        if (path.startsWith("/f/")) {
            String[] fixture = fixtureOf(path.substring(3));
            if (fixture == null) {
                return new MockResponse().setResponseCode(404);
            }
            body = Fixture.load(fixture[0]).input.getBytes(StandardCharsets.UTF_8);
            chunked |= Boolean.parseBoolean(fixture[1]) && !"fixed".equals(url.queryParameter("transfer"));
        } else if (path.startsWith("/s/")) {
            String[] segments = path.substring(3).split("/", 3);
            Path file = SDK_STREAMS.resolve(segments[0]).resolve((segments.length > 1 ? segments[1] : "") + ".sse");
            if (segments.length < 2 || !Files.isRegularFile(file)) {
                return new MockResponse().setResponseCode(404);
            }
            body = read(file).getBytes(StandardCharsets.UTF_8);
            chunked = !"fixed".equals(url.queryParameter("transfer"));
        } else if (path.startsWith("/gzip/")) {
            String[] fixture = fixtureOf(path.substring(6));
            if (fixture == null) {
                return new MockResponse().setResponseCode(404);
            }
            return new MockResponse().setHeader("Content-Type", type).setHeader("Content-Encoding", "gzip")
                    .setBody(new Buffer().write(gzip(Fixture.load(fixture[0]).input)));
        } else {
            body = bodies.get(path);
            if (path.equals("/json")) {
                type = "application/json";
            }
        }
        if (body == null) {
            return new MockResponse().setResponseCode(404);
        }
        MockResponse response = new MockResponse().setHeader("Content-Type", type);
        Buffer buffer = new Buffer().write(body);
        if (chunked) {
            return response.setChunkedBody(buffer, 97);
        }
        return response.setBody(buffer);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        http.shutdown();
        https.shutdown();
        Files.deleteIfExists(trustStore);
    }
}
