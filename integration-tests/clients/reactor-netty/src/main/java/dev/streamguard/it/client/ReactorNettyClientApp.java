package dev.streamguard.it.client;

import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Reads streams through Reactor Netty the way applications do: its own {@code HttpClient}
 * ({@code httpclient}, the body's bytes as they come), or Spring's {@code WebClient} on it
 * ({@code webclient-bytes}: {@code bodyToFlux(DataBuffer)}; {@code webclient-sse}:
 * {@code bodyToFlux(ServerSentEvent)}; {@code webclient-string}: {@code bodyToFlux(String)}, each event's data;
 * {@code restclient}: Spring's {@code RestClient} on {@code ReactorClientHttpRequestFactory} (Spring 6.2 and later),
 * the body read as an {@code InputStream}; {@code webclient-sse-one-by-one}: the same, one event requested at a
 * time; {@code webclient-sse-first}: the first event, then a cancel), over HTTP/1.1 or HTTP/2 over TLS. See
 * {@link EventLoopChecks} for BlockHound and Netty's leak detector. Compiled against Reactor Netty 1.2
 * and Spring 6.2, run on those and on 1.3 with Spring 7.0.
 * Usage: {@code ReactorNettyClientApp <mode> <1.1|2> <url[::request.json]>...}.
 */
public final class ReactorNettyClientApp {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReactorNettyClientApp() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopChecks.start(task -> {
            try {
                reactor.netty.http.HttpResources.get().onClient(true).next().submit(task).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpClient client = client(args[1].equals("2"));
        List<StreamRequest> requests = StreamRequest.parse(args, 2);
        readAll(client, args[0], requests, 0);
        if (Boolean.getBoolean("it.attachPause")) {
            // A running service for the attach test: the agent is attached meanwhile, then every stream is read again.
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            readAll(client, args[0], requests, requests.size());
        }
        ClientOutput.counters();
        EventLoopChecks.end();
    }

    private static void readAll(HttpClient client, String mode, List<StreamRequest> requests, int first) {
        for (int i = 0; i < requests.size(); i++) {
            ClientOutput.begin(first + i);
            try {
                read(client, mode, requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(unwrapped(t));
            }
            ClientOutput.end(first + i);
        }
    }

    static HttpClient client(boolean http2) {
        // With -Dit.oneConnection=true, one pooled connection: a stream that did not give its connection back
        // leaves the next waiting for one, and failing after a few seconds.
        HttpClient client = (Boolean.getBoolean("it.oneConnection")
                ? HttpClient.create(ConnectionProvider.builder("it").maxConnections(1).pendingAcquireTimeout(Duration.ofSeconds(5)).build())
                : HttpClient.create()).responseTimeout(TIMEOUT);
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
                events(client, r).doOnNext(e -> ClientOutput.event(e.event(), e.data())).blockLast(TIMEOUT);
                return;
            case "restclient":
                // Spring's RestClient on Reactor Netty: the body read as a blocking InputStream.
                RestClient.builder().requestFactory(new ReactorClientHttpRequestFactory(client)).build()
                        .post().uri(r.url).header("Authorization", "Bearer " + ClientOutput.SECRET)
                        .contentType(MediaType.APPLICATION_JSON).body(r.json.getBytes(StandardCharsets.UTF_8))
                        .exchange((request, response) -> {
                            try (InputStream in = response.getBody()) {
                                byte[] b = new byte[8192];
                                for (int n; (n = in.read(b)) >= 0; ) {
                                    ClientOutput.bytes(b, 0, n);
                                }
                            }
                            return null;
                        });
                return;
            case "webclient-string":
                // On an event stream, WebClient gives each event's data.
                post(client, r).bodyToFlux(String.class).doOnNext(data -> ClientOutput.event(null, data)).blockLast(TIMEOUT);
                return;
            case "webclient-sse-one-by-one":
                oneByOne(events(client, r));
                return;
            case "webclient-sse-first":
                // The application has what it wants and cancels the rest.
                events(client, r).take(1).doOnNext(e -> ClientOutput.event(e.event(), e.data())).blockLast(TIMEOUT);
                return;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static Flux<ServerSentEvent<String>> events(HttpClient client, StreamRequest r) {
        return post(client, r).bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                // As an SSE client dispatches them: an event without data (a comment, a bare name) is none.
                .filter(e -> e.data() != null);
    }

    /** A subscriber that asks for the next event only once it has handled the one before. */
    private static void oneByOne(Flux<ServerSentEvent<String>> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        events.subscribe(new BaseSubscriber<ServerSentEvent<String>>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(ServerSentEvent<String> e) {
                ClientOutput.event(e.event(), e.data());
                request(1);
            }

            @Override
            protected void hookOnComplete() {
                done.complete(null);
            }

            @Override
            protected void hookOnError(Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw Exceptions.propagate(e.getCause());
        } catch (Exception e) {
            throw Exceptions.propagate(e);
        }
    }

    private static WebClient.ResponseSpec post(HttpClient client, StreamRequest r) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build()
                .post().uri(r.url).header("Authorization", "Bearer " + ClientOutput.SECRET)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(r.json.getBytes(StandardCharsets.UTF_8))
                .retrieve();
    }

    /**
     * What the application's handler finds inside what it caught, each wrapper printed as {@code WRAPPED <class>}:
     * a checked exception rethrown by Reactor's blocking calls (and by Spring's body stream under RestClient) comes
     * in Reactor's {@code ReactiveException}; WebClient reports any failure of a body in a
     * {@code WebClientResponseException} ("200 OK from POST ..., but response failed with cause: ...").
     */
    private static Throwable unwrapped(Throwable t) {
        Throwable e = t;
        while ((e.getClass().getName().equals("reactor.core.Exceptions$ReactiveException") || e instanceof WebClientException
                || e instanceof RestClientException) && e.getCause() != null) {
            System.out.println("WRAPPED " + e.getClass().getName());
            e = e.getCause();
        }
        return e;
    }
}
