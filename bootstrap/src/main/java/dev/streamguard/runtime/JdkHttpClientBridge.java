package dev.streamguard.runtime;

/**
 * Called from the code the agent adds to the constructor of {@code jdk.internal.net.http.MultiExchange}: every request's
 * body handler is wrapped here. Never throws: on any failure the original handler is used.
 */
public final class JdkHttpClientBridge {
    private JdkHttpClientBridge() {
    }

    public static Object wrapHandler(Object request, Object handler) {
        try {
            JdkHandlerWrapper wrapper = StreamGuardRuntime.jdkHandlerWrapper();
            if (wrapper == null || handler == null || StreamGuardRuntime.config() == null) {
                return handler;
            }
            return wrapper.wrap(request, handler);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError("jdk request", t);
            return handler;
        }
    }
}
