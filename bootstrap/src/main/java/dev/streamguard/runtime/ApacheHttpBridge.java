package dev.streamguard.runtime;

import dev.streamguard.core.GuardedInputStream;
import java.io.InputStream;

/**
 * Called from advice inlined into Apache HttpClient 5's classic client. Never throws: on any failure the
 * response goes on unguarded, and the failure is reported.
 */
public final class ApacheHttpBridge {
    static final String CLIENT = "apache-httpclient5";

    private ApacheHttpBridge() {
    }

    /**
     * The request's URL: {@code target} ({@code scheme://host:port}) and the request URI, or, without a target,
     * the request's own scheme and authority (the client sets them) and URI.
     */
    public static String url(String target, String scheme, Object authority, String requestUri) {
        if (requestUri != null && requestUri.contains("://")) {
            return requestUri;
        }
        String root = target != null ? target : scheme + "://" + authority;
        return root + requestUri;
    }

    /** Whether the response is an event stream to guard (a body the client did not decompress is reported and left). */
    public static boolean shouldGuard(String contentType, String contentEncoding, String url) {
        return GuardedStreams.isGuarded(contentType, url) && GuardedStreams.isReadable(CLIENT, url, contentEncoding);
    }

    /**
     * The guarded body. {@code request} and {@code response} are the client's: a read blocked on a silent
     * upstream, and a close before the body's end, abort the connection through them.
     */
    public static InputStream guard(InputStream body, String url, byte[] requestJson, String traceparent, Object request, Object response) {
        Runnable abort = () -> abort(request, response);
        InputStream guarded = GuardedStreams.guard(new AbortOnEarlyClose(body, abort), CLIENT, url, requestJson, traceparent, abort);
        // A guard that could not be built leaves the body as the client made it.
        return guarded instanceof GuardedInputStream ? guarded : body;
    }

    /**
     * Closes the connection at once, through httpcore5's public interfaces of the response's own class loader:
     * closing the response in {@code CloseMode.IMMEDIATE} discards the connection and leaves the request as it
     * was; cancelling the request ({@code Cancellable}, which {@code HttpUriRequestBase} is) is the fallback,
     * and spends the request object.
     */
    static void abort(Object request, Object response) {
        try {
            ClassLoader loader = response.getClass().getClassLoader();
            Class<?> modal = Class.forName("org.apache.hc.core5.io.ModalCloseable", false, loader);
            if (modal.isInstance(response)) {
                Class<?> mode = Class.forName("org.apache.hc.core5.io.CloseMode", false, loader);
                modal.getMethod("close", mode).invoke(response, mode.getField("IMMEDIATE").get(null));
                return;
            }
            Class<?> cancellable = Class.forName("org.apache.hc.core5.concurrent.Cancellable", false, loader);
            if (cancellable.isInstance(request)) {
                cancellable.getMethod("cancel").invoke(request);
                return;
            }
            StreamGuardRuntime.internalError(CLIENT + " abort", new IllegalStateException(
                    "neither the response nor the request of this HttpClient can be closed at once"));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            StreamGuardRuntime.internalError(CLIENT + " abort", e);
        }
    }

    /** The advice failed: the original response goes on, and the failure is reported. */
    public static void failed(Throwable error) {
        StreamGuardRuntime.internalError(CLIENT + " response", error);
    }
}
