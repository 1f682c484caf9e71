package dev.streamguard.agent.jdk;

import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDK HttpClient: every {@code send} and {@code sendAsync} builds a {@code MultiExchange} with the request and
 * its body handler, whose constructor {@link ExchangeHandlerHook} changes (a JDK without that constructor is
 * refused by the hook, and logged).
 */
public final class JdkHttpClientInstrumentation implements ClientInstrumentation {
    public static final String EXCHANGE_CLASS = "jdk.internal.net.http.MultiExchange";

    @Override
    public List<String> targetClasses() {
        return List.of(EXCHANGE_CLASS);
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        return new ExchangeHandlerHook();
    }

    /**
     * Lets the agent read the JDK's line-stream subscriber (see InputStreamSubscribers). Only this package,
     * only to the agent's own module; without it the JDK wrapper falls back to pushing bytes. Before any hook
     * can run: the first guarded JDK response decides, once for the JVM, whether that subscriber can be read.
     */
    @Override
    public void prepare(Instrumentation instrumentation, ClassLoader agentLoader) {
        Module http = java.net.http.HttpClient.class.getModule();
        if (http.isNamed() && instrumentation.isModifiableModule(http)) {
            instrumentation.redefineModule(http, Set.of(), Map.of(),
                    Map.of("jdk.internal.net.http", Set.of(agentLoader.getUnnamedModule())), Set.of(), Map.of());
        }
    }
}
