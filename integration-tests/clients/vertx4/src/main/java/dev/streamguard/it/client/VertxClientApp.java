package dev.streamguard.it.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads streams through Vert.x's {@code HttpClient} (4.5 or 5, the same source compiled against each) the way
 * applications do, in one of four ways: {@code stream} (the response's handler gets each chunk as it comes,
 * its exception handler a failure, its end handler the end), {@code gather} (the same handlers, appending each
 * chunk to the first), {@code body} ({@code response.body()}, the
 * whole body) or {@code webclient} ({@code WebClient}'s {@code sendBuffer}, the whole body). HTTPS goes over HTTP/2 (ALPN), trusting the JDK's trust store that the system properties name.
 * Each request is made on a Vert.x context, as Vert.x asks of an application whose response handlers are set
 * in a callback: from the main thread, a callback added after the response came would lose its body.
 * A response that signals its end or failure twice makes it exit with status 3; a stream that never ends
 * fails after 60 s with how far it got.
 * Usage: {@code VertxClientApp <stream|gather|body|webclient> <url[::request.json]>...}; with {@code -Dit.traceparent=...} each
 * request carries that W3C trace context, as a tracer would set it; {@link EventLoopChecks} for BlockHound and
 * Netty's leak detector.
 */
public final class VertxClientApp {
    /** Terminal signals (end or exception) a response gave after its first: the application must hear of its end once. */
    private static final AtomicInteger EXTRA_SIGNALS = new AtomicInteger();

    private VertxClientApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Vertx vertx = Vertx.vertx();
        try {
            EventLoopChecks.start(task -> onEventLoop(vertx, task));
            HttpClient plain = vertx.createHttpClient(new HttpClientOptions());
            HttpClient tls = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
                    .setProtocolVersion(HttpVersion.HTTP_2).setVerifyHost(false));
            ClientOutput.readEach(StreamRequest.parse(args, 1), r -> read(vertx, r.url.startsWith("https") ? tls : plain, mode, r));
            // A late second signal of the last response has time to come.
            Thread.sleep(300);
            if (EXTRA_SIGNALS.get() > 0) {
                System.err.println("a response signalled its end or failure more than once: " + EXTRA_SIGNALS.get() + " extra");
                System.exit(3);
            }
            EventLoopChecks.end();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Runs a task on one of Vert.x's event loops (a new event-loop context's) and waits for it. */
    private static void onEventLoop(Vertx vertx, Runnable task) {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                task.run();
                ran.complete(null);
            } catch (RuntimeException e) {
                ran.completeExceptionally(e);
            }
        });
        try {
            ran.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(Vertx vertx, HttpClient client, String mode, StreamRequest r) throws Exception {
        if (mode.equals("webclient")) {
            webClient(client, r);
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(r.url)
                .putHeader("Authorization", "Bearer " + ClientOutput.SECRET)
                .putHeader("Accept", "text/event-stream")
                .putHeader("Content-Type", "application/json");
        String traceparent = System.getProperty("it.traceparent");
        if (traceparent != null) {
            options.putHeader("traceparent", traceparent);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Progress progress = new Progress();
        // On a context of its own, as Vert.x needs: a response's handlers must be set before its body comes, and
        // a callback added from another thread after the response came would run too late (its body lost).
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                request(client, options, r, mode, done, progress);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no end in 60 s; " + progress);
        }
    }

    private static void request(HttpClient client, RequestOptions options, StreamRequest r, String mode, CompletableFuture<Void> done,
                                Progress progress) {
        client.request(options)
                .compose(request -> {
                    progress.note("connected");
                    return request.send(Buffer.buffer(r.json));
                })
                .onFailure(done::completeExceptionally)
                .onSuccess(response -> {
                    progress.note("response " + response.statusCode() + " " + response.getHeader("Content-Type"));
                    if (mode.equals("body")) {
                        response.body().onSuccess(body -> {
                            byte[] b = body.getBytes();
                            ClientOutput.bytes(b, 0, b.length);
                            done.complete(null);
                        }).onFailure(done::completeExceptionally);
                    } else {
                        stream(response, done, mode.equals("gather"), progress);
                    }
                });
    }

    /** How far a request got, for the message of one that never ends: which step is the one missing. */
    private static final class Progress {
        private final StringBuffer steps = new StringBuffer();
        private final AtomicInteger chunks = new AtomicInteger();
        private final AtomicInteger chunkBytes = new AtomicInteger();

        void note(String step) {
            steps.append(step).append(" on ").append(Thread.currentThread().getName()).append("; ");
        }

        void chunk(int length) {
            chunks.incrementAndGet();
            chunkBytes.addAndGet(length);
        }

        @Override
        public String toString() {
            return steps.toString() + chunks.get() + " chunks, " + chunkBytes.get() + " bytes";
        }
    }

    private static void webClient(HttpClient client, StreamRequest r) throws Exception {
        WebClient web = WebClient.wrap(client);
        HttpRequest<Buffer> request = web.postAbs(r.url)
                .putHeader("Authorization", "Bearer " + ClientOutput.SECRET)
                .putHeader("Accept", "text/event-stream")
                .putHeader("Content-Type", "application/json");
        String traceparent = System.getProperty("it.traceparent");
        if (traceparent != null) {
            request.putHeader("traceparent", traceparent);
        }
        Buffer body = request.sendBuffer(Buffer.buffer(r.json)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
        if (body != null) {
            byte[] b = body.getBytes();
            ClientOutput.bytes(b, 0, b.length);
        }
    }

    /**
     * The response's handlers: each chunk written out as it comes, or ({@code gather}) kept, the first chunk
     * itself and each later one appended to it, as an application that gathers the body itself does, and
     * written out at the end or the failure.
     */
    private static void stream(HttpClientResponse response, CompletableFuture<Void> done, boolean gather, Progress progress) {
        AtomicBoolean ended = new AtomicBoolean();
        Buffer[] gathered = new Buffer[1];
        response.handler(chunk -> {
            progress.chunk(chunk.length());
            if (gather) {
                gathered[0] = gathered[0] == null ? chunk : gathered[0].appendBuffer(chunk);
                return;
            }
            byte[] b = chunk.getBytes();
            ClientOutput.bytes(b, 0, b.length);
        });
        response.exceptionHandler(e -> {
            progress.note("exception");
            if (!ended.compareAndSet(false, true)) {
                EXTRA_SIGNALS.incrementAndGet();
                return;
            }
            writeGathered(gathered[0]);
            done.completeExceptionally(e);
        });
        response.endHandler(v -> {
            progress.note("end");
            if (!ended.compareAndSet(false, true)) {
                EXTRA_SIGNALS.incrementAndGet();
                return;
            }
            writeGathered(gathered[0]);
            done.complete(null);
        });
    }

    private static void writeGathered(Buffer gathered) {
        if (gathered != null) {
            byte[] b = gathered.getBytes();
            ClientOutput.bytes(b, 0, b.length);
        }
    }
}
