package dev.streamguard.agent.reactornetty;

import dev.streamguard.runtime.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code HttpClientOperations.onInboundCancel} and {@code onInboundClose}: the
 * application cancelled the exchange, or its connection closed; before Reactor Netty signals either.
 */
public final class EndAdvice {
    private EndAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> hooked, @Advice.This Object operations, @Advice.Origin("#m") String method) {
        ReactorNettyBridge.ended(hooked, operations, method.equals("onInboundCancel"));
    }
}
