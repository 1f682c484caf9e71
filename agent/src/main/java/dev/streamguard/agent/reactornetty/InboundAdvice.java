package dev.streamguard.agent.reactornetty;

import dev.streamguard.runtime.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code HttpClientOperations.onInboundNext}: the glue may let the message through,
 * put another in its place, or handle it itself (then the method's own handling is skipped).
 */
public final class InboundAdvice {
    private InboundAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Origin Class<?> hooked, @Advice.This Object operations, @Advice.Argument(0) Object context,
                                @Advice.Argument(value = 1, readOnly = false) Object message) {
        Object next = ReactorNettyBridge.next(hooked, operations, context, message);
        if (next == null) {
            return true;
        }
        message = next;
        return false;
    }
}
