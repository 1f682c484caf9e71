package dev.streamguard.runtime;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.ChunkGuard;
import java.util.function.Function;

/**
 * Called from advice inlined into Apache HttpClient 5's async client, where an exchange starts: the glue,
 * compiled against HttpClient 5 and loaded once for each class loader that has it (see {@link #install}),
 * puts its own request producer and callback in place of the client's; only JDK types cross here. Never
 * throws: on a failure of the glue the exchange goes on with the client's own objects, and it is reported.
 */
public final class ApacheAsyncBridge {
    /** The glue for one copy of HttpClient 5. */
    public interface Exchanges {
        /** The entity producer to send {@code request}'s body with instead of {@code producer} (an {@code AsyncEntityProducer}, or null). */
        Object producer(Object request, Object producer);

        /**
         * The callback ({@code AsyncExecCallback}) to execute the exchange of {@code scope}
         * ({@code AsyncExecChain.Scope}) with instead of {@code callback}; {@code producer} is what
         * {@link #producer} returned.
         */
        Object callback(Object request, Object producer, Object scope, Object callback);
    }

    private static final Exchanges NONE = new Exchanges() {
        @Override
        public Object producer(Object request, Object producer) {
            return producer;
        }

        @Override
        public Object callback(Object request, Object producer, Object scope, Object callback) {
            return callback;
        }
    };

    private static final Glues<Exchanges> GLUE = new Glues<>(ApacheHttpBridge.CLIENT, NONE);

    private ApacheAsyncBridge() {
    }

    /**
     * Set by the client's hook before it changes its first class, so before any advice calls here: makes the
     * glue for a class loader that has HttpClient 5.
     */
    public static void install(Function<Class<?>, Exchanges> factory) {
        GLUE.install(factory);
    }

    /** {@code hooked}: the class the advice is in. */
    public static Object producer(Class<?> hooked, Object request, Object producer) {
        try {
            return GLUE.of(hooked).producer(request, producer);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(ApacheHttpBridge.CLIENT + " request", t);
            return producer;
        }
    }

    public static Object callback(Class<?> hooked, Object request, Object producer, Object scope, Object callback) {
        try {
            return GLUE.of(hooked).callback(request, producer, scope, callback);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(ApacheHttpBridge.CLIENT + " response", t);
            return callback;
        }
    }

    /** For the glue: a failure of its own, reported; the response goes on unguarded. */
    public static void internalError(Throwable error) {
        StreamGuardRuntime.internalError(ApacheHttpBridge.CLIENT + " response", error);
    }

    /**
     * For the glue: whether a request body, of this length or of one not known yet (-1), to a URL the
     * configuration guards, is worth a copy for the guard.
     */
    public static boolean wantsRequestBody(String url, long contentLength, String contentType) {
        GuardConfig config = StreamGuardRuntime.config();
        return config != null && config.guards(url) && GuardedStreams.wantsRequestBody(contentLength < 0 ? 1 : contentLength, contentType);
    }

    /** For the glue: the most of a request body the guard takes a copy of; a longer one is not copied. */
    public static int maxRequestBytes() {
        return GuardedStreams.MAX_REQUEST_BYTES;
    }

    /** For the glue: the push guard of a response to a request with this body (or null), or null if it cannot be built. */
    public static ChunkGuard guard(String url, byte[] requestJson, String traceparent, java.util.function.BooleanSupplier reactiveReader) {
        return GuardedStreams.chunkGuard(ApacheHttpBridge.CLIENT, url, requestJson, traceparent, reactiveReader);
    }
}
