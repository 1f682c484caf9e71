package dev.streamguard.agent.vertx;

import dev.streamguard.runtime.VertxBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the exit of {@code HttpClientResponseImpl}'s constructor: the glue decides on the response. */
public final class CreatedAdvice {
    private CreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Origin Class<?> hooked, @Advice.This Object response) {
        VertxBridge.created(hooked, response);
    }
}
