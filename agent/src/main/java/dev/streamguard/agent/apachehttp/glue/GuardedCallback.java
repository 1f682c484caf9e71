package dev.streamguard.agent.apachehttp.glue;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.ApacheAsyncBridge;
import dev.streamguard.runtime.ApacheHttpBridge;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * The callback of one async exchange, in front of the client's own: an event stream's response is handed to
 * the application's consumer through a {@link GuardedDataConsumer}; every other response, and every signal
 * of the exchange, passes as it came. When the exchange fails after the guard ended or failed the stream, the
 * application gets the guard's outcome, not the client's report of the connection the guard closed.
 */
final class GuardedCallback implements AsyncExecCallback {
    private final HttpRequest request;
    private final RecordingProducer body;
    private final AsyncExecRuntime runtime;
    private final AsyncExecCallback callback;
    private volatile GuardedDataConsumer guarded;
    /** Whether the application's consumer hands the body on to a reactive framework (known once it is made). */
    private volatile boolean reactiveReader;
    /** The exchange's outcome went to the client's callback: nothing more goes. */
    private final AtomicBoolean settled = new AtomicBoolean();

    GuardedCallback(HttpRequest request, RecordingProducer body, AsyncExecRuntime runtime, AsyncExecCallback callback) {
        this.request = request;
        this.body = body;
        this.runtime = runtime;
        this.callback = callback;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entity) throws HttpException, IOException {
        ChunkGuard guard = null;
        try {
            String url = entity == null ? null : guardedUrl(entity);
            if (url != null) {
                Header traceparent = request.getFirstHeader("traceparent");
                guard = ApacheAsyncBridge.guard(url, body == null ? null : body.recorded(),
                        traceparent == null ? null : traceparent.getValue(), () -> reactiveReader);
            }
        } catch (Throwable t) {
            ApacheAsyncBridge.internalError(t);
        }
        if (guard == null) {
            return callback.handleResponse(response, entity);
        }
        // The guard may change the body's length: the application's consumer is told of none, as for a chunked body.
        response.removeHeaders("Content-Length");
        AsyncDataConsumer consumer;
        try {
            consumer = callback.handleResponse(response, new UnsizedEntity(entity));
        } catch (HttpException | IOException | RuntimeException | Error e) {
            guard.onCancel();
            throw e;
        }
        if (consumer == null) {
            guard.onCancel();
            return null;
        }
        reactiveReader = readsReactively(consumer);
        GuardedDataConsumer g = new GuardedDataConsumer(consumer, guard, runtime::discardEndpoint, this::failedByTheGuard);
        guarded = g;
        return g;
    }

    /** The URL of an event stream the guard takes, or null. */
    private String guardedUrl(EntityDetails entity) {
        String url = ApacheHttpBridge.url(null, request.getScheme(), request.getAuthority(), request.getRequestUri());
        return ApacheHttpBridge.shouldGuard(entity.getContentType(), entity.getContentEncoding(), url) ? url : null;
    }

    /** httpcore5-reactive's consumer hands the body on to a reactive framework (the setting {@code anthropic.error-event}). */
    private static boolean readsReactively(AsyncDataConsumer consumer) {
        return consumer.getClass().getName().startsWith("org.apache.hc.core5.reactive.");
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
        callback.handleInformationResponse(response);
    }

    /** The guard failed the stream: the exchange fails as on the client's own failures (its connection discarded). */
    private void failedByTheGuard(Exception failure) {
        if (settled.compareAndSet(false, true)) {
            callback.failed(failure);
        }
    }

    @Override
    public void completed() {
        if (!settled.compareAndSet(false, true)) {
            // The application had its outcome; an exchange the client went on with (a retry) gives its connection up.
            runtime.discardEndpoint();
            return;
        }
        GuardedDataConsumer g = guarded;
        if (g != null) {
            g.exchangeCompleted();
        }
        callback.completed();
    }

    @Override
    public void failed(Exception cause) {
        if (!settled.compareAndSet(false, true)) {
            runtime.discardEndpoint();
            return;
        }
        GuardedDataConsumer g = guarded;
        Exception outcome = g == null ? cause : g.exchangeFailed(cause);
        if (outcome == null) {
            // The application had the whole stream: it completes. The connection failed, so it is never reused.
            runtime.discardEndpoint();
            callback.completed();
        } else {
            callback.failed(outcome);
        }
    }
}
