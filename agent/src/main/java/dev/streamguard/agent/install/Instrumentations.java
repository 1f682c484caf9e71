package dev.streamguard.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.jdk.SendAsyncHook;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hooks the two places every response passes: the JDK HttpClient's private
 * {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)} ({@link SendAsyncHook}) and
 * OkHttp's {@code RealCall.getResponseWithInterceptorChain} (3.x {@code okhttp3.RealCall}; 4.x and 5.x
 * {@code okhttp3.internal.connection.RealCall}, where Kotlin names it {@code ...$okhttp}), with the Byte Buddy
 * advice {@code ResponseAdvice}. Classes already loaded (after an attach) are retransformed; nothing else
 * is scanned or loaded.
 */
final class Instrumentations {
    static final String JDK_CLIENT = "jdk.internal.net.http.HttpClientImpl";
    static final String[] OKHTTP_CALLS = {"okhttp3.RealCall", "okhttp3.internal.connection.RealCall"};

    /** Byte Buddy's switches, under the shaded names only this copy of Byte Buddy reads. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private static final String SAFE = "net.bytebuddy.safe";

    private Instrumentations() {
    }

    static void install(Instrumentation instrumentation) {
        // Advice here changes no class format, so Byte Buddy's Nexus (and the class injection it probes for,
        // through sun.misc.Unsafe, which JDK 24+ warns about) is never needed.
        System.setProperty(NEXUS_DISABLED, "true");
        System.setProperty(SAFE, "true");
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        ClassHook okhttp = new AdviceHook("dev.streamguard.agent.okhttp.ResponseAdvice",
                () -> nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)).and(returns(named("okhttp3.Response"))),
                agentLoader);
        ClientClassTransformer transformer = new ClientClassTransformer(instrumentation, StreamGuardRuntime.class.getModule(), agentLoader)
                .add(JDK_CLIENT, new SendAsyncHook())
                .add(OKHTTP_CALLS[0], okhttp)
                .add(OKHTTP_CALLS[1], okhttp);
        // Before any hook can run: the first guarded JDK response decides, once for the JVM, whether the
        // line-stream subscriber can be read (after an attach, a request may come at once).
        openHttpClientInternals(instrumentation, agentLoader);
        instrumentation.addTransformer(transformer, true);
        retransformLoaded(instrumentation, transformer);
    }

    /** After an attach, the clients the application already used are instrumented in place. */
    private static void retransformLoaded(Instrumentation instrumentation, ClientClassTransformer transformer) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (transformer.targets(type)) {
                loaded.add(type);
            }
        }
        for (Class<?> type : loaded) {
            try {
                instrumentation.retransformClasses(type);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                AgentLog.LOG.warn("streamguard: could not instrument {}; its responses are not guarded: {}", type.getName(), e.toString());
            }
        }
    }

    /**
     * Lets the agent read the JDK's line-stream subscriber (see InputStreamSubscribers). Only this package,
     * only to the agent's own module; without it the JDK wrapper falls back to pushing bytes.
     */
    private static void openHttpClientInternals(Instrumentation instrumentation, ClassLoader agentLoader) {
        Module http = java.net.http.HttpClient.class.getModule();
        if (http.isNamed() && instrumentation.isModifiableModule(http)) {
            instrumentation.redefineModule(http, Set.of(), Map.of(),
                    Map.of("jdk.internal.net.http", Set.of(agentLoader.getUnnamedModule())), Set.of(), Map.of());
        }
    }
}
