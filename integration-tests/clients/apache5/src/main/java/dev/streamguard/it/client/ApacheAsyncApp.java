package dev.streamguard.it.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.reactive.ReactiveResponseConsumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads streams through Apache HttpClient 5.6's async client the way applications do, in one of three ways:
 * {@code stream} (a response consumer that takes the body's bytes as they come), {@code whole}
 * ({@code SimpleResponseConsumer}, the body once it is complete) or {@code reactive} (httpcore5-reactive's
 * {@code ReactiveResponseConsumer}, its body's publisher asked for one buffer at a time), with the client the system properties
 * configure (they make it trust the test upstream; over TLS it may negotiate HTTP/2). A failure is what the
 * exchange's future (or, {@code reactive}, the body's publisher) fails with. Usage:
 * {@code ApacheAsyncApp <stream|whole|reactive> <url[::request.json]>...}; with
 * {@code -Dit.traceparent=...} each request carries that W3C trace context, as a tracer would set it.
 */
public final class ApacheAsyncApp {
    /** How long one stream may take before it counts as hung: the others still get read. */
    private static final long WAIT_SECONDS = 60;

    private ApacheAsyncApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createSystem()) {
            client.start();
            ClientOutput.readEach(StreamRequest.parse(args, 1), r -> read(client, mode, r));
        }
    }

    private static void read(CloseableHttpAsyncClient client, String mode, StreamRequest r) throws Exception {
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(r.url)
                .setHeader("Authorization", "Bearer " + ClientOutput.SECRET)
                .setHeader("Accept", "text/event-stream")
                .setBody(r.json, ContentType.APPLICATION_JSON);
        String traceparent = System.getProperty("it.traceparent");
        if (traceparent != null) {
            builder.setHeader("traceparent", traceparent);
        }
        SimpleHttpRequest request = builder.build();
        switch (mode) {
            case "stream":
                client.execute(SimpleRequestProducer.create(request), new BytesAsTheyCome(), null).get(WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            case "whole": {
                Future<SimpleHttpResponse> response = client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), null);
                byte[] body = response.get(WAIT_SECONDS, TimeUnit.SECONDS).getBodyBytes();
                if (body != null) {
                    ClientOutput.bytes(body, 0, body.length);
                }
                return;
            }
            case "reactive": {
                ReactiveResponseConsumer consumer = new ReactiveResponseConsumer();
                client.execute(SimpleRequestProducer.create(request), consumer, null);
                Message<HttpResponse, Publisher<ByteBuffer>> response = consumer.getResponseFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
                OneAtATime body = new OneAtATime();
                response.getBody().subscribe(body);
                body.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Asks for one buffer at a time and notes each, as a reactive application with backpressure reads. */
    private static final class OneAtATime implements Subscriber<ByteBuffer> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            ClientOutput.bytes(b, 0, b.length);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** Notes each piece of the body as it comes, on the client's I/O thread. */
    private static final class BytesAsTheyCome extends AbstractBinResponseConsumer<Void> {
        @Override
        protected void start(HttpResponse response, ContentType contentType) {
        }

        @Override
        protected Void buildResult() {
            return null;
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            ClientOutput.bytes(b, 0, b.length);
        }

        @Override
        public void releaseResources() {
        }
    }
}
