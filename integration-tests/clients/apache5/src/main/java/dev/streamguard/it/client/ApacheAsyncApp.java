package dev.streamguard.it.client;

import java.nio.ByteBuffer;
import java.util.concurrent.Future;
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

/**
 * Reads streams through Apache HttpClient 5.6's async client the way applications do, in one of two ways:
 * {@code stream} (a response consumer that takes the body's bytes as they come) or {@code whole}
 * ({@code SimpleResponseConsumer}, the body once it is complete), with the client the system properties
 * configure (they make it trust the test upstream; over TLS it may negotiate HTTP/2). A failure is what the
 * exchange's future fails with. Usage: {@code ApacheAsyncApp <stream|whole> <url[::request.json]>...}; with
 * {@code -Dit.traceparent=...} each request carries that W3C trace context, as a tracer would set it.
 */
public final class ApacheAsyncApp {
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
                client.execute(SimpleRequestProducer.create(request), new BytesAsTheyCome(), null).get();
                return;
            case "whole": {
                Future<SimpleHttpResponse> response = client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), null);
                byte[] body = response.get().getBodyBytes();
                if (body != null) {
                    ClientOutput.bytes(body, 0, body.length);
                }
                return;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
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
