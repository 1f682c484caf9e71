package dev.streamguard.agent.vertx.glue;

import dev.streamguard.runtime.VertxBridge;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * What the glue calls on a response that Vert.x keeps to itself: the response's own handling of a body chunk,
 * of the body's end and of its failure (package-private in Vert.x 4.5 and 5 alike), and the request's reset
 * (public, but returning {@code boolean} in 4.5 and a {@code Future} in 5). Found once per class; a copy of
 * Vert.x whose methods cannot be reached is not guarded.
 */
final class ResponseMethods {
    /** HTTP/2's error code for a stream its client no longer wants. */
    private static final long CANCEL = 0x8;
    final Class<?> responseClass;
    private final Method handleChunk;
    private final Method handleEnd;
    private final Method handleException;
    private final Method reset;

    private ResponseMethods(Class<?> responseClass, Method handleChunk, Method handleEnd, Method handleException, Method reset) {
        this.responseClass = responseClass;
        this.handleChunk = handleChunk;
        this.handleEnd = handleEnd;
        this.handleException = handleException;
        this.reset = reset;
    }

    static ResponseMethods of(Class<?> responseClass) {
        try {
            Method chunk = responseClass.getDeclaredMethod("handleChunk", Buffer.class);
            Method end = responseClass.getDeclaredMethod("handleEnd", MultiMap.class);
            Method exception = responseClass.getDeclaredMethod("handleException", Throwable.class);
            chunk.setAccessible(true);
            end.setAccessible(true);
            exception.setAccessible(true);
            return new ResponseMethods(responseClass, chunk, end, exception, HttpClientRequest.class.getMethod("reset", long.class, Throwable.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            VertxBridge.internalError(e);
            return new ResponseMethods(responseClass, null, null, null, null);
        }
    }

    boolean usable() {
        return handleChunk != null;
    }

    void handleChunk(Object response, Buffer chunk) {
        invoke(handleChunk, response, chunk);
    }

    void handleEnd(Object response) {
        invoke(handleEnd, response, MultiMap.caseInsensitiveMultiMap());
    }

    void handleException(Object response, Throwable failure) {
        invoke(handleException, response, failure);
    }

    /** Resets the request's stream with CANCEL (HTTP/1.x: closes the connection); the response has its end or failure already. */
    void reset(HttpClientRequest request, Throwable cause) {
        invoke(reset, request, CANCEL, cause);
    }

    private static void invoke(Method method, Object target, Object... args) {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
