package dev.streamguard.agent.reactornetty;

import dev.streamguard.runtime.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code HttpClientOperations.newFullBodyMessage(ByteBuf)}, where a request whose body
 * is sent whole (WebClient's {@code bodyValue}, a {@code Mono}) gets it: the glue keeps a copy of a small JSON
 * body, the request the guard reads facts from (streaming, the model, the tools' schemas).
 */
public final class RequestAdvice {
    private RequestAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> hooked, @Advice.This Object operations, @Advice.Argument(0) Object body) {
        ReactorNettyBridge.requestBody(hooked, operations, body);
    }
}
