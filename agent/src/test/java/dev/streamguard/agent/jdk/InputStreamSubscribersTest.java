package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The subscribers the JDK glue makes around the JDK's InputStream subscribers: the guard is applied to the stream the
 * application reads, and the HttpClient may call them as it calls the JDK's own, without handing each response's
 * {@code getBody} to its executor ({@code needsExecutor}, which the agent's surefire configuration lets the test ask, as the
 * agent opens the package at installation).
 */
class InputStreamSubscribersTest {
    private static final Method NEEDS_EXECUTOR = needsExecutor();

    private static Method needsExecutor() {
        try {
            return Class.forName(InputStreamSubscribers.PACKAGE + ".ResponseSubscribers$TrustedSubscriber").getMethod("needsExecutor",
                    HttpResponse.BodySubscriber.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean needsExecutor(HttpResponse.BodySubscriber<?> subscriber) throws ReflectiveOperationException {
        return (boolean) NEEDS_EXECUTOR.invoke(null, subscriber);
    }

    /** Puts a line of its own before the body's stream, so that the test sees the guard's place in the chain and what it reads. */
    private static InputStream prefixed(InputStream original) {
        return new SequenceInputStream(new ByteArrayInputStream("guarded\n".getBytes(StandardCharsets.UTF_8)), original);
    }

    private static <T> T bodyOf(HttpResponse.BodySubscriber<T> subscriber) throws Exception {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap("original\n".getBytes(StandardCharsets.UTF_8))));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anInputStreamBodyIsGuardedAndStaysAsTrustedAsTheJdksOwn() throws Exception {
        HttpResponse.BodySubscriber<InputStream> original = HttpResponse.BodySubscribers.ofInputStream();
        assertFalse(needsExecutor(original), "the JDK's own InputStream subscriber needs no executor");
        HttpResponse.BodySubscriber<InputStream> guarded = InputStreamSubscribers.guard(original, InputStreamSubscribersTest::prefixed);
        assertNotNull(guarded);
        assertFalse(needsExecutor(guarded), "the guarded subscriber asks the HttpClient for a task per response");
        try (InputStream in = bodyOf(guarded)) {
            assertEquals("guarded\noriginal\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLineStreamIsGuardedBeneathItsMappingAndStaysAsTrustedAsTheJdksOwn() throws Exception {
        HttpResponse.BodySubscriber<Stream<String>> original = HttpResponse.BodySubscribers.ofLines(StandardCharsets.UTF_8);
        assertFalse(needsExecutor(original), "the JDK's own line subscriber needs no executor");
        HttpResponse.BodySubscriber<Stream<String>> guarded = InputStreamSubscribers.guard(original, InputStreamSubscribersTest::prefixed);
        assertNotNull(guarded);
        assertFalse(needsExecutor(guarded), "the guarded line subscriber asks the HttpClient for a task per response");
        try (Stream<String> lines = bodyOf(guarded)) {
            assertEquals(List.of("guarded", "original"), lines.collect(Collectors.toList()));
        }
    }

    @Test
    void anApplicationsOwnMappingKeepsNeedingTheExecutor() throws Exception {
        HttpResponse.BodySubscriber<String> original = HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                in -> {
                    try {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertTrue(needsExecutor(original), "a mapping made through the public API is not trusted");
        HttpResponse.BodySubscriber<String> guarded = InputStreamSubscribers.guard(original, InputStreamSubscribersTest::prefixed);
        assertNotNull(guarded);
        assertTrue(needsExecutor(guarded), "the application's mapper, which may block, would run on the HttpClient's thread");
        assertEquals("guarded\noriginal\n", bodyOf(guarded));
    }

    @Test
    void aSubscriberThatReadsNoInputStreamIsLeftToThePushAdapter() {
        assertNull(InputStreamSubscribers.guard(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                InputStreamSubscribersTest::prefixed));
    }
}
