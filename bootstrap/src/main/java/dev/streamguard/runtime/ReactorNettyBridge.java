package dev.streamguard.runtime;

import java.util.function.Function;

/**
 * Called from advice inlined into Reactor Netty's {@code HttpClientOperations}, on the event loop, for every
 * inbound message of a client exchange. The work is done by glue compiled against Reactor Netty, which the
 * agent loads once for each class loader that has Reactor Netty (see {@link #install}); only JDK types cross
 * here. Never throws: a failure of the glue is reported, and its messages then pass as they came.
 */
public final class ReactorNettyBridge {
    /** The glue for one copy of Reactor Netty. */
    public interface Inbound {
        /**
         * An inbound message of {@code operations} (an {@code HttpClientOperations}) read on {@code context}
         * (its {@code ChannelHandlerContext}): returns the message to handle in its place, or null when the glue
         * has handled (or released) it and the original handling must not run.
         */
        Object next(Object operations, Object context, Object message);

        /** The exchange ended early: the application cancelled it ({@code cancelled}), or its connection closed. */
        void ended(Object operations, boolean cancelled);

        /** {@code operations} sends its request with this whole body (a {@code ByteBuf}), not yet written. */
        void requestBody(Object operations, Object body);
    }

    static final String CLIENT = "reactor-netty";

    private static final Inbound NONE = new Inbound() {
        @Override
        public Object next(Object operations, Object context, Object message) {
            return message;
        }

        @Override
        public void ended(Object operations, boolean cancelled) {
        }

        @Override
        public void requestBody(Object operations, Object body) {
        }
    };

    private static final Glues<Inbound> GLUE = new Glues<>(CLIENT, NONE);

    private ReactorNettyBridge() {
    }

    /**
     * Set by the client's hook before it changes its first class, so before any advice calls here: makes the
     * glue for a class loader that has Reactor Netty.
     */
    public static void install(Function<Class<?>, Inbound> factory) {
        GLUE.install(factory);
    }

    /** {@code hooked}: the class the advice is in, {@code HttpClientOperations} (operations may be of a subclass). */
    public static Object next(Class<?> hooked, Object operations, Object context, Object message) {
        try {
            return GLUE.of(hooked).next(operations, context, message);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
            return message;
        }
    }

    public static void ended(Class<?> hooked, Object operations, boolean cancelled) {
        try {
            GLUE.of(hooked).ended(operations, cancelled);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " response", t);
        }
    }

    public static void requestBody(Class<?> hooked, Object operations, Object body) {
        try {
            GLUE.of(hooked).requestBody(operations, body);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " request", t);
        }
    }

    /** For the glue: a failure of its own, reported; the response goes on unguarded. */
    public static void internalError(Throwable error) {
        StreamGuardRuntime.internalError(CLIENT + " response", error);
    }

    /** For the glue: whether a response is an event stream to guard (its encoding readable). */
    public static boolean shouldGuard(String contentType, String contentEncoding, String url) {
        return GuardedStreams.isGuarded(contentType, url) && GuardedStreams.isReadable(CLIENT, url, contentEncoding);
    }

    /** For the glue: whether a request body is worth a copy for the guard. */
    public static boolean wantsRequestBody(long contentLength, String contentType) {
        return GuardedStreams.wantsRequestBody(contentLength, contentType);
    }

    /** For the glue: the push guard of a response to a request with this body (or null), or null if it cannot be built. */
    public static dev.streamguard.core.ChunkGuard guard(String url, byte[] requestJson, String traceparent) {
        return GuardedStreams.chunkGuard(CLIENT, url, requestJson, traceparent, () -> true);
    }
}
