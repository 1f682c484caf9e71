package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RequestBodies#read}: only the JDK's string and byte-array publishers are read again, exactly, and only up
 * to 1 MiB; any other body is never subscribed a second time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestBodiesTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/v1/chat/completions");
    private static final int MIB = 1 << 20;
    private static final String JSON = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \u2603 \uD83D\uDE00\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}";

    private static HttpRequest post(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URL).POST(body).build();
    }

    /** Everything a publisher sends to a fresh subscriber. */
    private static byte[] drain(HttpRequest.BodyPublisher publisher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.write(b, 0, b.length);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(5, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void aStringBodyIsReadExactly() {
        byte[] read = RequestBodies.read(post(HttpRequest.BodyPublishers.ofString(JSON)));
        assertArrayEquals(JSON.getBytes(StandardCharsets.UTF_8), read);
    }

    @Test
    void aStringBodyInAnotherCharsetIsReadAsItIsSent() {
        String text = "{\"content\":\"h\u00e9llo\"}";
        byte[] read = RequestBodies.read(post(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.ISO_8859_1)));
        assertArrayEquals(text.getBytes(StandardCharsets.ISO_8859_1), read);
    }

    @Test
    void aByteArrayBodyIsReadExactly() {
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Test
    void aSliceOfAByteArrayIsReadAsTheSliceOnly() {
        byte[] body = ("xxxx" + JSON + "yyyy").getBytes(StandardCharsets.UTF_8);
        int length = body.length - 8;
        byte[] read = RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArray(body, 4, length)));
        assertArrayEquals(JSON.getBytes(StandardCharsets.UTF_8), read);
    }

    @Test
    void readingLeavesTheBodyWholeForTheRequestItself() throws Exception {
        HttpRequest request = post(HttpRequest.BodyPublishers.ofString(JSON));
        assertNotNull(RequestBodies.read(request));
        assertArrayEquals(JSON.getBytes(StandardCharsets.UTF_8), drain(request.bodyPublisher().orElseThrow()));
        assertArrayEquals(JSON.getBytes(StandardCharsets.UTF_8), RequestBodies.read(request), "and can be read again");
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsRead() {
        byte[] body = bytes(MIB);
        assertArrayEquals(body, RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Test
    void aBodyOverOneMebibyteIsNotRead() {
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArray(bytes(MIB + 1)))));
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.ofString(new String(bytes(MIB + 1),
                StandardCharsets.US_ASCII)))));
    }

    @Test
    void anEmptyBodyIsNotRead() {
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.ofString(""))));
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.noBody())));
    }

    @Test
    void aRequestWithoutBodyIsNotRead() {
        assertNull(RequestBodies.read(HttpRequest.newBuilder(URL).GET().build()));
        assertNull(RequestBodies.read(HttpRequest.newBuilder(URL).DELETE().build()));
    }

    @Test
    void anInputStreamBodyIsNeverOpened() {
        AtomicInteger opened = new AtomicInteger();
        HttpRequest request = post(HttpRequest.BodyPublishers.ofInputStream(() -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8));
        }));
        assertNull(RequestBodies.read(request));
        assertEquals(0, opened.get(), "the supplier of the application's stream was called");
    }

    @Test
    void anApplicationPublisherIsNeverSubscribed() {
        AtomicInteger subscribed = new AtomicInteger();
        Flow.Publisher<ByteBuffer> app = subscriber -> {
            subscribed.incrementAndGet();
            try (SubmissionPublisher<ByteBuffer> p = new SubmissionPublisher<>()) {
                p.subscribe(subscriber);
                p.submit(ByteBuffer.wrap(JSON.getBytes(StandardCharsets.UTF_8)));
            }
        };
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.fromPublisher(app))));
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.fromPublisher(app,
                JSON.getBytes(StandardCharsets.UTF_8).length))));
        assertEquals(0, subscribed.get(), "the application's publisher was subscribed");
    }

    @Test
    void aByteArraysBodyIsNotRead() {
        AtomicInteger iterated = new AtomicInteger();
        Iterable<byte[]> parts = () -> {
            iterated.incrementAndGet();
            return List.of(JSON.getBytes(StandardCharsets.UTF_8)).iterator();
        };
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArrays(parts))));
        assertEquals(0, iterated.get());
    }

    @Test
    void aFileBodyIsNotRead(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("request.json"), JSON.getBytes(StandardCharsets.UTF_8));
        assertNull(RequestBodies.read(post(HttpRequest.BodyPublishers.ofFile(file))));
    }

    @Test
    void aConcatenationIsNotRead() {
        HttpRequest.BodyPublisher concat = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString("{\"a\":"),
                HttpRequest.BodyPublishers.ofString("1}"));
        assertNull(RequestBodies.read(post(concat)));
    }

    @Test
    void theBytesReadAreACopy() {
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        byte[] original = Arrays.copyOf(body, body.length);
        byte[] read = RequestBodies.read(post(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertNotNull(read);
        read[0] = 'X';
        assertArrayEquals(original, body, "changing what the guard read changed the application's array");
    }
}
