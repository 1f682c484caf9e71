package dev.streamguard.runtime;

import java.io.InputStream;

/**
 * Called from advice inlined into Apache HttpClient 5's classic client. Never throws: on any failure the
 * response goes on unguarded, and the failure is reported.
 */
public final class ApacheHttpBridge {
    static final String CLIENT = "apache-httpclient5";

    private ApacheHttpBridge() {
    }

    /** Whether the response is an event stream to guard (the exec chain has already decompressed a gzip body). */
    public static boolean shouldGuard(String contentType, String contentEncoding, String url) {
        try {
            return GuardedStreams.isGuarded(contentType, url) && GuardedStreams.isReadable(CLIENT, url, contentEncoding);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
            return false;
        }
    }

    /** Whether a request body is worth a copy for the guard. */
    public static boolean wantsRequestBody(long contentLength, String contentType) {
        return GuardedStreams.wantsRequestBody(contentLength, contentType);
    }

    /**
     * The guarded body; {@code request} (an HttpClient request, cancellable when it is an
     * {@code HttpUriRequestBase}) is cancelled if the upstream stays silent too long.
     */
    public static InputStream guard(InputStream body, String url, byte[] requestJson, String traceparent, Object request) {
        return GuardedStreams.guard(body, CLIENT, url, requestJson, traceparent, () -> cancel(request));
    }

    /**
     * Cancels the request through httpcore5's public {@code Cancellable} interface of its own class loader:
     * that closes the connection at once, which unblocks a read; closing the body from another thread would
     * wait for it.
     */
    static void cancel(Object request) {
        try {
            Class<?> cancellable = Class.forName("org.apache.hc.core5.concurrent.Cancellable", false, request.getClass().getClassLoader());
            if (cancellable.isInstance(request)) {
                cancellable.getMethod("cancel").invoke(request);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            StreamGuardRuntime.internalError(CLIENT + " cancel", e);
        }
    }

    /** The advice failed: the original response goes on, and the failure is reported. */
    public static void failed(Throwable error) {
        StreamGuardRuntime.internalError(CLIENT + " response", error);
    }
}
