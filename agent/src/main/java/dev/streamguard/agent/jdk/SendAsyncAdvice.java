package dev.streamguard.agent.jdk;

import dev.streamguard.runtime.JdkHttpClientBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code jdk.internal.net.http.HttpClientImpl.sendAsync(HttpRequest, BodyHandler,
 * PushPromiseHandler, Executor)}, which every {@code send} and {@code sendAsync} reaches: the body handler is
 * replaced by a guarding one. Runs with java.net.http's visibility, so it calls only the boot-side bridge.
 */
public final class SendAsyncAdvice {
    private SendAsyncAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object request,
                             @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
        handler = JdkHttpClientBridge.wrapHandler(request, handler);
    }
}
