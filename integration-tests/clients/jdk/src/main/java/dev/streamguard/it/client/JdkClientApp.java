package dev.streamguard.it.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads streams through the JDK HttpClient the way applications do, with one kind of body handler:
 * {@code ofInputStream}, {@code ofLines}, {@code ofString}, {@code ofByteArray}, {@code ofPublisher},
 * {@code fromLineSubscriber}, {@code custom} (an application's own BodySubscriber) or {@code sendAsync}
 * (ofString through sendAsync). Usage: {@code JdkClientApp <mode> <1.1|2> <url[::request.json]>...}.
 */
public final class JdkClientApp {
    private JdkClientApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        HttpClient client = HttpClient.newBuilder()
                .version(args[1].equals("2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        List<StreamRequest> requests = StreamRequest.parse(args, 2);
        for (int i = 0; i < requests.size(); i++) {
            ClientOutput.begin(i);
            try {
                read(client, mode, requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(t);
            }
            ClientOutput.end(i);
        }
        ClientOutput.counters();
    }

    static HttpRequest request(StreamRequest r) {
        return HttpRequest.newBuilder(URI.create(r.url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ClientOutput.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(r.json))
                .build();
    }

    public static void read(HttpClient client, String mode, StreamRequest r) throws Throwable {
        HttpRequest request = request(r);
        switch (mode) {
            case "ofInputStream":
                ClientOutput.bytesOf(client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body());
                return;
            case "ofLines": {
                try (Stream<String> lines = client.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
                    lines.forEach(line -> ClientOutput.text(line + "\n"));
                }
                return;
            }
            case "ofString":
                ClientOutput.text(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
                return;
            case "sendAsync":
                ClientOutput.text(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(60, TimeUnit.SECONDS).body());
                return;
            case "ofByteArray": {
                byte[] body = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
                ClientOutput.bytes(body, 0, body.length);
                return;
            }
            case "ofPublisher": {
                Flow.Publisher<List<ByteBuffer>> publisher = client.send(request, HttpResponse.BodyHandlers.ofPublisher()).body();
                Collecting collector = new Collecting();
                publisher.subscribe(collector);
                collector.await();
                return;
            }
            case "fromLineSubscriber": {
                LineCollecting lines = new LineCollecting();
                client.send(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines));
                lines.await();
                return;
            }
            case "custom": {
                client.send(request, info -> new OwnSubscriber());
                return;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Reads a Flow of byte buffers one item at a time, as a careful application does. */
    static class Collecting implements Flow.Subscriber<List<ByteBuffer>> {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable error;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                ClientOutput.bytes(a, 0, a.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        void await() throws Throwable {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no end of stream within 60 s");
            }
            if (error != null) {
                throw error;
            }
        }
    }

    /** An application's own BodySubscriber. */
    static final class OwnSubscriber extends Collecting implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> body = new CompletableFuture<>();

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(null);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return body;
        }
    }

    static final class LineCollecting implements Flow.Subscriber<String> {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            ClientOutput.text(line + "\n");
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        void await() throws Throwable {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no end of stream within 60 s");
            }
            if (error != null) {
                throw error;
            }
        }
    }
}
