package dev.streamguard.agent.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.install.AdviceHook;
import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import java.util.List;

/**
 * OkHttp 3.14, 4 and 5: every call, synchronous or not, gets its response from
 * {@code RealCall.getResponseWithInterceptorChain()} ({@code okhttp3.RealCall} in 3.x,
 * {@code okhttp3.internal.connection.RealCall} in 4.x and 5.x, where Kotlin names it {@code ...$okhttp}), which
 * {@link ResponseAdvice} wraps. A RealCall without that method is refused by the hook, and logged.
 */
public final class OkHttpInstrumentation implements ClientInstrumentation {
    @Override
    public List<String> targetClasses() {
        return List.of("okhttp3.RealCall", "okhttp3.internal.connection.RealCall");
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        return new AdviceHook("dev.streamguard.agent.okhttp.ResponseAdvice", "getResponseWithInterceptorChain()",
                () -> nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)).and(returns(named("okhttp3.Response"))),
                agentLoader);
    }

    /** Loaded by every application that uses OkHttp, well before its first call. */
    @Override
    public String announcedBy() {
        return "okhttp3.OkHttpClient";
    }

    @Override
    public void warmUp(ClassLoader agentLoader) {
        AdviceHook.warmUp(agentLoader);
    }
}
