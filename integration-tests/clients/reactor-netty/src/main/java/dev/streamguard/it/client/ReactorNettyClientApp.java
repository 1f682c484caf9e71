package dev.streamguard.it.client;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Reads streams through Reactor Netty the way applications do: its own {@code HttpClient}
 * ({@code httpclient}, the body's bytes as they come), or Spring's {@code WebClient} on it
 * ({@code webclient-bytes}: {@code bodyToFlux(DataBuffer)}; {@code webclient-sse}:
 * {@code bodyToFlux(ServerSentEvent)}), over HTTP/1.1 or HTTP/2 over TLS. Compiled against Reactor Netty 1.2
 * and Spring 6.2, run on those and on 1.3 with Spring 7.0.
 * Usage: {@code ReactorNettyClientApp <mode> <1.1|2> <url[::request.json]>...}.
 */
public final class ReactorNettyClientApp {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReactorNettyClientApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient client = client(args[1].equals("2"));
        List<StreamRequest> requests = StreamRequest.parse(args, 2);
        for (int i = 0; i < requests.size(); i++) {
            ClientOutput.begin(i);
            try {
                read(client, args[0], requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(unwrapped(t));
            }
            ClientOutput.end(i);
        }
        ClientOutput.counters();
    }

    static HttpClient client(boolean http2) {
        HttpClient client = HttpClient.create().responseTimeout(TIMEOUT);
        if (http2) {
            // The default TLS set-up trusts the JVM's trust store, where the test puts its certificate.
            client = client.protocol(HttpProtocol.H2).secure();
        }
        // As a service does at start: the first stream's time is then the stream's, not Reactor Netty's start.
        client.warmup().block();
        return client;
    }

    static void read(HttpClient client, String mode, StreamRequest r) {
        switch (mode) {
            case "httpclient":
                client.headers(h -> h.set("Authorization", "Bearer " + ClientOutput.SECRET).set("Content-Type", "application/json"))
                        .post().uri(r.url).send(Mono.just(Unpooled.wrappedBuffer(r.json.getBytes(StandardCharsets.UTF_8))))
                        .responseContent().asByteArray()
                        .doOnNext(b -> ClientOutput.bytes(b, 0, b.length))
                        .blockLast(TIMEOUT);
                return;
            case "webclient-bytes":
                post(client, r).bodyToFlux(DataBuffer.class)
                        .doOnNext(buffer -> {
                            byte[] b = new byte[buffer.readableByteCount()];
                            buffer.read(b);
                            DataBufferUtils.release(buffer);
                            ClientOutput.bytes(b, 0, b.length);
                        })
                        .blockLast(TIMEOUT);
                return;
            case "webclient-sse":
                post(client, r).bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                        // As an SSE client dispatches them: an event without data (a comment, a bare name) is none.
                        .filter(e -> e.data() != null)
                        .doOnNext(e -> ClientOutput.event(e.event(), e.data()))
                        .blockLast(TIMEOUT);
                return;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static WebClient.ResponseSpec post(HttpClient client, StreamRequest r) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build()
                .post().uri(r.url).header("Authorization", "Bearer " + ClientOutput.SECRET)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(r.json.getBytes(StandardCharsets.UTF_8))
                .retrieve();
    }

    /**
     * What the application's handler looks at: Reactor's blocking calls rethrow a checked exception wrapped, and
     * WebClient reports any failure of a body as a {@code WebClientResponseException} ("200 OK from POST ..., but
     * response failed with cause: ...") whose cause is the failure.
     */
    private static Throwable unwrapped(Throwable t) {
        Throwable e = t;
        while ((e.getClass().getName().equals("reactor.core.Exceptions$ReactiveException") || e instanceof WebClientException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
