package dev.streamguard.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.runtime.JdkHttpClientBridge;
import dev.streamguard.runtime.OkHttpBridge;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs advice on the two places every response passes: the JDK HttpClient's private
 * {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)} and OkHttp's
 * {@code RealCall.getResponseWithInterceptorChain} (3.x {@code okhttp3.RealCall}; 4.x and 5.x
 * {@code okhttp3.internal.connection.RealCall}, where Kotlin names it {@code ...$okhttp}). Classes already
 * loaded (after an attach) are retransformed; nothing else is scanned or loaded.
 */
final class Instrumentations {
    static final String JDK_CLIENT = "jdk.internal.net.http.HttpClientImpl";
    static final String[] OKHTTP_CALLS = {"okhttp3.RealCall", "okhttp3.internal.connection.RealCall"};

    private Instrumentations() {
    }

    /** Byte Buddy's switches, under the shaded names only this copy of Byte Buddy reads. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private static final String SAFE = "net.bytebuddy.safe";

    static void install(Instrumentation instrumentation, boolean attached) {
        // Advice here changes no class format, so Byte Buddy's Nexus (and the class injection it probes for,
        // through sun.misc.Unsafe, which JDK 24+ warns about) is never needed.
        System.setProperty(NEXUS_DISABLED, "true");
        System.setProperty(SAFE, "true");
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        String[] targets = {JDK_CLIENT, OKHTTP_CALLS[0], OKHTTP_CALLS[1]};
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // java.net.http lives in the platform class loader, which the default ignore rule skips.
                .ignore(not(namedOneOf(targets)))
                .with(new FailureListener())
                .type(named(JDK_CLIENT))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("sendAsync").and(takesArguments(4)), "dev.streamguard.agent.jdk.SendAsyncAdvice"))
                .assureReadEdgeTo(instrumentation, JdkHttpClientBridge.class)
                .type(namedOneOf(OKHTTP_CALLS))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0))
                                .and(returns(named("okhttp3.Response"))), "dev.streamguard.agent.okhttp.ResponseAdvice"))
                .assureReadEdgeTo(instrumentation, OkHttpBridge.class)
                .installOn(instrumentation);
        openHttpClientInternals(instrumentation, agentLoader);
    }

    /**
     * Lets the agent read the JDK's line-stream subscriber (see InputStreamSubscribers). Only this package,
     * only to the agent's own module; without it the JDK wrapper falls back to pushing bytes.
     */
    private static void openHttpClientInternals(Instrumentation instrumentation, ClassLoader agentLoader) {
        Module http = java.net.http.HttpClient.class.getModule();
        if (http.isNamed() && instrumentation.isModifiableModule(http)) {
            instrumentation.redefineModule(http, java.util.Set.of(), java.util.Map.of(),
                    java.util.Map.of("jdk.internal.net.http", java.util.Set.of(agentLoader.getUnnamedModule())),
                    java.util.Set.of(), java.util.Map.of());
        }
    }

    /** A class that could not be instrumented stays as it was; say so once, with the reason. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentLog.LOG.warn("streamguard: could not instrument {}; its responses are not guarded: {}", typeName, throwable.toString());
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            AgentLog.LOG.debug("streamguard: instrumented {}", typeDescription.getName());
        }
    }
}
