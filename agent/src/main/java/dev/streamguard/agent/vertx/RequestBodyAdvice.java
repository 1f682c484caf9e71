package dev.streamguard.agent.vertx;

import dev.streamguard.runtime.VertxBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the entry of {@code HttpClientRequestImpl.end(Buffer...)} ({@code send(Buffer)} too): the glue sees the whole body. */
public final class RequestBodyAdvice {
    private RequestBodyAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> hooked, @Advice.This Object request, @Advice.Argument(0) Object body) {
        VertxBridge.requestBody(hooked, request, body);
    }
}
