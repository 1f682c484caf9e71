package dev.streamguard.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Applies Byte Buddy advice to a few classes known by name, as they load or when retransformed. Every other
 * class costs one map lookup. Byte Buddy's {@code AgentBuilder} would do the same, but it generates its own
 * transformer class and matching machinery at start-up, which costs more than this whole agent.
 */
final class AdviceTransformer implements ClassFileTransformer {
    /** Where one advice class goes: the methods it is inlined into, and the boot-side bridge it calls. */
    static final class Target {
        final String adviceClass;
        final ElementMatcher<? super MethodDescription> methods;

        Target(String adviceClass, ElementMatcher<? super MethodDescription> methods) {
            this.adviceClass = adviceClass;
            this.methods = methods;
        }
    }

    private final Map<String, Target> byInternalName = new HashMap<>();
    private final Instrumentation instrumentation;
    private final Module bridges;
    private final ClassFileLocator agentClasses;

    AdviceTransformer(Instrumentation instrumentation, Module bridges, ClassLoader agentLoader) {
        this.instrumentation = instrumentation;
        this.bridges = bridges;
        this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    }

    AdviceTransformer add(String className, Target target) {
        byInternalName.put(className.replace('.', '/'), target);
        return this;
    }

    boolean targets(Class<?> type) {
        return byInternalName.containsKey(type.getName().replace('.', '/'));
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        Target target = internalName == null ? null : byInternalName.get(internalName);
        if (target == null) {
            return null;
        }
        String name = internalName.replace('/', '.');
        try {
            // The inlined advice calls the bridges on the boot class path; a named module must read them.
            if (module.isNamed() && !module.canRead(bridges)) {
                instrumentation.redefineModule(module, Set.of(bridges), Map.of(), Map.of(), Set.of(), Map.of());
            }
            // The advice names the client's types (OkHttp's Response...), which only the client's loader has.
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classfile),
                    ClassFileLocator.ForClassLoader.of(loader), agentClasses);
            TypePool types = TypePool.Default.WithLazyResolution.of(locator);
            TypeDescription type = types.describe(name).resolve();
            // Created here, not at start-up: most of Byte Buddy loads only when a client class does.
            byte[] transformed = new ByteBuddy().with(TypeValidation.DISABLED).decorate(type, locator)
                    .visit(Advice.to(types.describe(target.adviceClass).resolve(), locator).on(target.methods))
                    .make(types)
                    .getBytes();
            AgentLog.LOG.debug("streamguard: instrumented {}", name);
            return transformed;
        } catch (Throwable t) {
            AgentLog.LOG.warn("streamguard: could not instrument {}; its responses are not guarded: {}", name, t.toString());
            return null;
        }
    }
}
