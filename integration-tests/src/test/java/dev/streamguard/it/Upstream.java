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

/**
 * The loopback upstream every forked client talks to: plain HTTP/1.1 (fixed length or chunked) and HTTP/2
 * over TLS (ALPN), serving the fixture corpus by name ({@code /f/<fixture>?transfer=fixed|chunked}), a JSON
 * response ({@code /json}), an event stream that is not an LLM stream ({@code /plain-sse}) and an endless
 * tool-argument stream ({@code /flood}).
 */
final class Upstream implements AutoCloseable {
    static final String JSON_BODY = "{\"id\":\"x\",\"object\":\"list\",\"data\":[1,2,3],\"text\":\"data: [DONE]\"}";
    static final String PLAIN_SSE = ": a ticker, not an LLM\n\nevent: tick\ndata: 1\n\nevent: tick\ndata: {\"n\":2}\n\n"
            + "data: [DONE]\n\ndata: [DONE]\n\n";
    static final String TRUST_PASSWORD = "changeit";

    private final MockWebServer http = new MockWebServer();
    private final MockWebServer https = new MockWebServer();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    final Path trustStore;

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

    private MockResponse respond(HttpUrl url) {
        String path = url.encodedPath();
        byte[] body;
        String type = "text/event-stream";
        if (path.startsWith("/f/")) {
            body = Fixture.load(path.substring(3)).input.getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/gzip/")) {
            return new MockResponse().setHeader("Content-Type", type).setHeader("Content-Encoding", "gzip")
                    .setBody(new Buffer().write(gzip(Fixture.load(path.substring(6)).input)));
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
        if ("chunked".equals(url.queryParameter("transfer"))) {
            return response.setChunkedBody(buffer, 97);
        }
        return response.setBody(buffer);
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
