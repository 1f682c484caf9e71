package dev.streamguard.agent.vertx;

import dev.streamguard.runtime.VertxBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the entry of {@code HttpClientResponseImpl.handleChunk(Buffer)}: the glue may let the chunk
 * through, put another in its place, or deal with it itself (then the method's own handling is skipped).
 */
public final class ChunkAdvice {
    private ChunkAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Origin Class<?> hooked, @Advice.This Object response,
                                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object data) {
        Object next = VertxBridge.chunk(hooked, response, data);
        if (next == null) {
            return true;
        }
        data = next;
        return false;
    }
}
