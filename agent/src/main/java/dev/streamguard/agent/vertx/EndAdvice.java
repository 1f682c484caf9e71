package dev.streamguard.agent.vertx;

import dev.streamguard.runtime.VertxBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the entry of {@code HttpClientResponseImpl.handleEnd(MultiMap)}: skipped when the glue dealt with the end. */
public final class EndAdvice {
    private EndAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Origin Class<?> hooked, @Advice.This Object response) {
        return VertxBridge.end(hooked, response);
    }
}
