package dev.streamguard.agent.apachehttp;

import dev.streamguard.runtime.ApacheAsyncBridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * Inlined at the entry of the async client's {@code executeImmediate}, where each exchange starts with its
 * request, its entity producer, its scope and the callback its response goes to: the glue may put its own
 * producer and callback in their place.
 */
public final class AsyncExchangeAdvice {
    private AsyncExchangeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> hooked, @Advice.Argument(0) Object request,
                             @Advice.Argument(value = 1, readOnly = false) AsyncEntityProducer producer,
                             @Advice.Argument(2) Object scope,
                             @Advice.Argument(value = 4, readOnly = false) AsyncExecCallback callback) {
        Object recording = ApacheAsyncBridge.producer(hooked, request, producer);
        Object guarding = ApacheAsyncBridge.callback(hooked, request, recording, scope, callback);
        if (recording instanceof AsyncEntityProducer) {
            producer = (AsyncEntityProducer) recording;
        }
        if (guarding instanceof AsyncExecCallback) {
            callback = (AsyncExecCallback) guarding;
        }
    }
}
