package dev.streamguard.agent.install;

import dev.streamguard.agent.apachehttp.ApacheAsyncInstrumentation;
import dev.streamguard.agent.apachehttp.ApacheHttpInstrumentation;
import dev.streamguard.agent.jdk.JdkHttpClientInstrumentation;
import dev.streamguard.agent.okhttp.OkHttpInstrumentation;
import dev.streamguard.agent.reactornetty.ReactorNettyInstrumentation;
import dev.streamguard.agent.urlconnection.UrlConnectionInstrumentation;
import dev.streamguard.agent.vertx.VertxInstrumentation;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs every instrumented client's declaration (one package each): one class-file transformer that knows
 * their target classes by name, after each client's preparation. Classes already loaded (after an attach) are
 * retransformed; nothing else is scanned or loaded.
 */
final class Instrumentations {
    static final List<ClientInstrumentation> CLIENTS = List.of(new JdkHttpClientInstrumentation(), new OkHttpInstrumentation(),
            new ReactorNettyInstrumentation(), new UrlConnectionInstrumentation(), new ApacheHttpInstrumentation(),
            new ApacheAsyncInstrumentation(), new VertxInstrumentation());

    /** Byte Buddy's switches, under the shaded names only this copy of Byte Buddy reads. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private static final String SAFE = "net.bytebuddy.safe";

    private Instrumentations() {
    }

    /** Hooks every client, as its classes load or in place after an attach; what became of each class goes to {@code outcomes}. */
    static void install(Instrumentation instrumentation, ClientOutcomes outcomes) {
        // Advice here changes no class format, so Byte Buddy's Nexus (and the class injection it probes for,
        // through sun.misc.Unsafe, which JDK 24+ warns about) is never needed.
        System.setProperty(NEXUS_DISABLED, "true");
        System.setProperty(SAFE, "true");
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        ClientClassTransformer transformer = new ClientClassTransformer(instrumentation, StreamGuardRuntime.class.getModule(), agentLoader, outcomes);
        for (ClientInstrumentation client : CLIENTS) {
            client.prepare(instrumentation, agentLoader);
            transformer.add(client);
        }
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
                transformer.rejected(type.getName(), e);
            }
        }
    }
}
