package dev.streamguard.agent.okhttp;

import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import dev.streamguard.agent.install.GlueLoader;
import dev.streamguard.runtime.OkHttpBridge;
import java.util.List;

/**
 * OkHttp 3.14, 4 and 5: every call, synchronous or not, gets its response from
 * {@code RealCall.getResponseWithInterceptorChain()} ({@code okhttp3.RealCall} in 3.x,
 * {@code okhttp3.internal.connection.RealCall} in 4.x and 5.x, where Kotlin names it {@code ...$okhttp}), whose
 * returns {@link ResponseHook} changes: the response goes to the glue ({@code glue} package, compiled against
 * OkHttp and loaded for each class loader that has it). A RealCall without that method is refused by the hook,
 * and logged. The hook is a few instructions of ASM, not Byte Buddy advice, so that an application's first
 * OkHttp call does not wait for Byte Buddy to load.
 */
public final class OkHttpInstrumentation implements ClientInstrumentation {
    private static final String GLUE = OkHttpInstrumentation.class.getPackageName() + ".glue.ResponseGuard";

    @Override
    public List<String> targetClasses() {
        return List.of("okhttp3.RealCall", "okhttp3.internal.connection.RealCall");
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        OkHttpBridge.install(call -> (OkHttpBridge.Responses) GlueLoader.newEntry(call, agentLoader, GLUE));
        return new ResponseHook();
    }
}
