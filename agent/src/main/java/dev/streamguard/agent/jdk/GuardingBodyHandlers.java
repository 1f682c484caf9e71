package dev.streamguard.agent.jdk;

import dev.streamguard.runtime.JdkHandlerWrapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Wraps each request's body handler (the boot-side bridge cannot see java.net.http; this class can). */
public final class GuardingBodyHandlers implements JdkHandlerWrapper {
    @Override
    public Object wrap(Object request, Object handler) {
        if (!(request instanceof HttpRequest) || !(handler instanceof HttpResponse.BodyHandler)
                || handler instanceof GuardingBodyHandler) {
            return handler;
        }
        return new GuardingBodyHandler<>((HttpRequest) request, (HttpResponse.BodyHandler<?>) handler);
    }
}
