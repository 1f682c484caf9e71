package dev.streamguard.agent.jdk;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.GuardedStreams;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets the application's handler build its subscriber as always, and puts the guard in front of it when the
 * response is an event stream to guard: between the body's InputStream and the application when the
 * subscriber reads one (ofInputStream, ofLines), otherwise between the HTTP client and the subscriber. Any
 * other response gets the application's subscriber untouched.
 */
final class GuardingBodyHandler<T> implements HttpResponse.BodyHandler<T> {
    static final String CLIENT = "jdk";

    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> delegate;
    private final String traceparent;

    /**
     * Built on the thread that sends the request, where a tracer's client span is current: the OpenTelemetry
     * agent writes the {@code traceparent} it sends into the request's headers as they are read, here as on
     * the wire.
     */
    GuardingBodyHandler(HttpRequest request, HttpResponse.BodyHandler<T> delegate) {
        this.request = request;
        this.delegate = delegate;
        this.traceparent = request.headers().firstValue("traceparent").orElse(null);
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
        try {
            String url = request.uri().toString();
            if (!GuardedStreams.isGuarded(info.headers().firstValue("content-type").orElse(null), url)
                    || !GuardedStreams.isReadable(CLIENT, url, info.headers().firstValue("content-encoding").orElse(null))) {
                return subscriber;
            }
            byte[] requestJson = RequestBodies.read(request);
            HttpResponse.BodySubscriber<T> pulled = InputStreamSubscribers.guard(subscriber,
                    in -> GuardedStreams.guard(in, CLIENT, url, requestJson, traceparent, null));
            if (pulled != null) {
                return pulled;
            }
            AtomicReference<GuardingBodySubscriber<T>> guarding = new AtomicReference<>();
            ChunkGuard guard = GuardedStreams.chunkGuard(CLIENT, url, requestJson, traceparent,
                    () -> guarding.get() != null && guarding.get().bodyIsAPublisher());
            if (guard == null) {
                return subscriber;
            }
            guarding.set(new GuardingBodySubscriber<>(subscriber, guard));
            return guarding.get();
        } catch (Throwable t) {
            GuardedStreams.internalError("jdk response", t);
            return subscriber;
        }
    }
}
