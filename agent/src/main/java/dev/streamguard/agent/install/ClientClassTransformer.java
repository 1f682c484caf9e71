package dev.streamguard.agent.install;

import dev.streamguard.agent.observe.AgentLog;
import dev.streamguard.core.DaemonThreads;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Changes the few client classes known by name, as they load or when retransformed; every other class costs
 * one map lookup. Byte Buddy's {@code AgentBuilder} would do the same, but it generates its own transformer
 * class and matching machinery at start-up, which costs more than this whole agent.
 */
final class ClientClassTransformer implements ClassFileTransformer {
    private final Map<String, ClassHook> byInternalName = new HashMap<>();
    private final Map<String, ClientInstrumentation> announcers = new HashMap<>();
    private final Instrumentation instrumentation;
    private final Module bridges;
    private final ClassLoader agentLoader;
    private final Set<ClientInstrumentation> warmedUp = ConcurrentHashMap.newKeySet();
    private final ClientOutcomes outcomes;

    ClientClassTransformer(Instrumentation instrumentation, Module bridges, ClassLoader agentLoader, ClientOutcomes outcomes) {
        this.instrumentation = instrumentation;
        this.bridges = bridges;
        this.agentLoader = agentLoader;
        this.outcomes = outcomes;
    }

    ClientClassTransformer add(ClientInstrumentation client) {
        ClassHook hook = new LazyHook(() -> client.hook(agentLoader));
        for (String className : client.targetClasses()) {
            byInternalName.put(className.replace('.', '/'), hook);
        }
        if (client.announcedBy() != null) {
            announcers.put(client.announcedBy().replace('.', '/'), client);
        }
        return this;
    }

    boolean targets(Class<?> type) {
        return byInternalName.containsKey(type.getName().replace('.', '/'));
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (internalName == null) {
            return null;
        }
        ClassHook hook = byInternalName.get(internalName);
        if (hook == null) {
            ClientInstrumentation client = announcers.get(internalName);
            if (client != null && warmedUp.add(client)) {
                DaemonThreads.create("streamguard-warm-up", () -> client.warmUp(agentLoader)).start();
            }
            return null;
        }
        String name = internalName.replace('/', '.');
        try {
            // The changed code calls the bridges on the boot class path; a named module must read them.
            if (module != null && module.isNamed() && !module.canRead(bridges)) {
                instrumentation.redefineModule(module, Set.of(bridges), Map.of(), Map.of(), Set.of(), Map.of());
            }
            byte[] transformed = hook.apply(name, loader, classfile);
            outcomes.instrumented(name);
            if (AgentLog.LOG.isDebugEnabled()) {
                AgentLog.LOG.debug("streamguard: instrumented {}", name);
            }
            return transformed;
        } catch (Throwable t) {
            refused(name, t);
            return null;
        }
    }

    /** A target class that could not be changed: listed, and logged once per class and reason, however many loaders define it. */
    private void refused(String name, Throwable why) {
        if (outcomes.refused(name, why)) {
            logRefused(name, why);
        }
    }

    /** The JVM refused the changed class (a retransformation after an attach): it runs as it was. */
    void rejected(String name, Throwable why) {
        if (outcomes.rejected(name, why)) {
            logRefused(name, why);
        }
    }

    private static void logRefused(String name, Throwable why) {
        AgentLog.LOG.warn("streamguard: could not instrument {}; its responses are not guarded: {}", name, why.toString());
    }
}
