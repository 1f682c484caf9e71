package dev.streamguard.runtime;

import dev.streamguard.core.BufferedUpstream;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Called from the code the agent adds to OkHttp's {@code RealCall} (3.x, 4.x and 5.x), for every response the
 * call gets. The work is done by glue compiled against OkHttp, which the agent loads once for each class loader
 * that has OkHttp (see {@link #install}); only JDK types cross here. Never throws.
 */
public final class OkHttpBridge {
    /** The glue for one copy of OkHttp. */
    public interface Responses {
        /** The response {@code call} (an {@code okhttp3.Call}) got: returns it, or a new one over the guard. */
        Object guarded(Object call, Object response);
    }

    static final String CLIENT = "okhttp";

    private static final Glues<Responses> GLUE = new Glues<>(CLIENT, (call, response) -> response);

    private OkHttpBridge() {
    }

    /**
     * Set by the client's hook before it changes its first class, so before any call can come here: makes the
     * glue for a class loader that has OkHttp.
     */
    public static void install(Function<Class<?>, Responses> factory) {
        GLUE.install(factory);
    }

    /**
     * Called where {@code RealCall.getResponseWithInterceptorChain} returns, with what it returns and the call
     * ({@code this} there): returns the response the application gets.
     */
    public static Object response(Object response, Object call) {
        if (response == null || call == null) {
            return response;
        }
        try {
            return GLUE.of(call.getClass()).guarded(call, response);
        } catch (Throwable t) {
            failed(t);
            return response;
        }
    }

    /**
     * Whether the response is an event stream to guard. Its body may be gzip-compressed (an application, such
     * as openai-java, that sets Accept-Encoding itself gets OkHttp's raw body): the guard then decodes it and
     * the response goes on without Content-Encoding, as OkHttp's own transparent gzip does. Any other
     * encoding is left alone and reported.
     */
    public static boolean shouldGuard(String contentType, String contentEncoding, String url) {
        try {
            return GuardedStreams.isGuarded(contentType, url)
                    && (isGzip(contentEncoding) || GuardedStreams.isReadable(CLIENT, url, contentEncoding));
        } catch (Throwable t) {
            StreamGuardRuntime.internalError("okhttp response", t);
            return false;
        }
    }

    /** Whether a body with this Content-Encoding reaches the application decoded by the guard. */
    public static boolean isGzip(String contentEncoding) {
        return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
    }

    /**
     * The guarded body, decoded first if {@code contentEncoding} is gzip; {@code buffered}: the same body's bytes
     * where Okio buffers them, read in place unless the body is decoded; {@code traceparent} is the request's header
     * as sent, or null; {@code call} (an {@code okhttp3.Call}) is cancelled if the upstream stays silent too long.
     */
    public static InputStream guard(InputStream body, BufferedUpstream buffered, String url, byte[] requestJson, String traceparent,
                                    Object call, String contentEncoding) {
        Runnable interrupter = () -> cancel(call);
        if (isGzip(contentEncoding)) {
            return GuardedStreams.guard(new GunzippingInputStream(body), CLIENT, url, requestJson, traceparent, interrupter);
        }
        return GuardedStreams.guard(body, buffered, CLIENT, url, requestJson, traceparent, interrupter);
    }

    /**
     * Cancels an OkHttp call through the public {@code okhttp3.Call} interface of its own class loader: closing
     * a body from another thread does not unblock a socket read in OkHttp; cancelling the call closes the socket.
     */
    static void cancel(Object call) {
        try {
            Class.forName("okhttp3.Call", false, call.getClass().getClassLoader()).getMethod("cancel").invoke(call);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            StreamGuardRuntime.internalError("okhttp idle timeout", e);
        }
    }

    /** The glue failed: the original response goes on, and the failure is reported. */
    public static void failed(Throwable error) {
        StreamGuardRuntime.internalError("okhttp response", error);
    }
}
