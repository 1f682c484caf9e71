package dev.streamguard.runtime;

import dev.streamguard.core.ChunkGuard;
import java.util.function.Function;

/**
 * Called from advice inlined into Vert.x's {@code HttpClientResponseImpl} and {@code HttpClientRequestImpl}
 * (4.5 and 5): the glue, compiled against Vert.x and loaded once for each class loader that has it (see
 * {@link #install}), keeps a request's whole body, decides on a response when it is made and puts the
 * guard's output in place of its body's chunks, on the response's event loop; only JDK types cross here. Never throws: on a failure of the glue the response goes on as it came,
 * and it is reported.
 */
public final class VertxBridge {
    /** The glue for one copy of Vert.x. */
    public interface Responses {
        /** A response was made (its headers are in, no chunk yet): whether to guard it is decided now. */
        void created(Object response);

        /** A chunk of the response's body: the chunk to handle in its place, or null when the glue dealt with it. */
        Object chunk(Object response, Object data);

        /** The body ended: whether the glue dealt with it (the original handling must then be skipped). */
        boolean end(Object response);

        /** The response failed with {@code error}: whether the glue dealt with it (then it is not reported). */
        boolean exception(Object response, Throwable error);

        /** {@code request} (an {@code HttpClientRequest}) ends with this whole body (a {@code Buffer}), not yet sent. */
        void requestBody(Object request, Object body);
    }

    static final String CLIENT = "vertx";

    private static final Responses NONE = new Responses() {
        @Override
        public void created(Object response) {
        }

        @Override
        public Object chunk(Object response, Object data) {
            return data;
        }

        @Override
        public boolean end(Object response) {
            return false;
        }

        @Override
        public boolean exception(Object response, Throwable error) {
            return false;
        }

        @Override
        public void requestBody(Object request, Object body) {
        }
    };

    private static final Glues<Responses> GLUE = new Glues<>(CLIENT, NONE);

    private VertxBridge() {
    }

    /**
     * Set by the client's hook before it changes its first class, so before any advice calls here: makes the
     * glue for a class loader that has Vert.x.
     */
    public static void install(Function<Class<?>, Responses> factory) {
        GLUE.install(factory);
    }

    public static void created(Class<?> hooked, Object response) {
        try {
            GLUE.of(hooked).created(response);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
        }
    }

    public static Object chunk(Class<?> hooked, Object response, Object data) {
        try {
            return GLUE.of(hooked).chunk(response, data);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
            return data;
        }
    }

    public static boolean end(Class<?> hooked, Object response) {
        try {
            return GLUE.of(hooked).end(response);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
            return false;
        }
    }

    public static boolean exception(Class<?> hooked, Object response, Throwable error) {
        try {
            return GLUE.of(hooked).exception(response, error);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
            return false;
        }
    }

    public static void requestBody(Class<?> hooked, Object request, Object body) {
        try {
            GLUE.of(hooked).requestBody(request, body);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " request", t);
        }
    }

    /** For the glue: whether a request body to a URL the configuration guards is worth a copy for the guard. */
    public static boolean wantsRequestBody(String url, long contentLength, String contentType) {
        dev.streamguard.config.GuardConfig config = StreamGuardRuntime.config();
        return config != null && config.guards(url) && GuardedStreams.wantsRequestBody(contentLength, contentType);
    }

    /** For the glue: a failure of its own, reported; the response goes on unguarded. */
    public static void internalError(Throwable error) {
        StreamGuardRuntime.internalError(CLIENT + " response", error);
    }

    /** For the glue: whether a response is an event stream to guard (its encoding readable). */
    public static boolean shouldGuard(String contentType, String contentEncoding, String url) {
        return GuardedStreams.isGuarded(contentType, url) && GuardedStreams.isReadable(CLIENT, url, contentEncoding);
    }

    /** For the glue: the push guard of a response to a request with this body (or null), or null if it cannot be built. */
    public static ChunkGuard guard(String url, byte[] requestJson, String traceparent) {
        return GuardedStreams.chunkGuard(CLIENT, url, requestJson, traceparent, () -> false);
    }
}
