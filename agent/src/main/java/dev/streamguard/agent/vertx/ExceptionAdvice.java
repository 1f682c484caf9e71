package dev.streamguard.agent.vertx;

import dev.streamguard.runtime.VertxBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the entry of {@code HttpClientResponseImpl.handleException(Throwable)}: skipped when the glue dealt with the error. */
public final class ExceptionAdvice {
    private ExceptionAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Origin Class<?> hooked, @Advice.This Object response, @Advice.Argument(0) Throwable error) {
        return VertxBridge.exception(hooked, response, error);
    }
}
