package dev.streamguard.agent.install;

import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines Byte Buddy advice classes into the matching methods of a client class. The advice is compiled
 * against the client's API (OkHttp's Response...), which only the client's class loader has: the types are
 * described from that loader and the agent's together, never loaded into the agent.
 */
public final class AdviceHook implements ClassHook {
    private final List<On> advice;
    private final ClassLoader agentLoader;

    /** One advice class and the methods it goes into. */
    public static final class On {
        final String adviceClass;
        final String methodsDescribed;
        final Supplier<ElementMatcher<? super MethodDescription>> methods;

        /**
         * The matcher is made at the first use: until a client class loads, no Byte Buddy class is loaded. A
         * class with no method it matches is of a version the advice does not fit: it is refused, naming
         * {@code methodsDescribed}.
         */
        public On(String adviceClass, String methodsDescribed, Supplier<ElementMatcher<? super MethodDescription>> methods) {
            this.adviceClass = adviceClass;
            this.methodsDescribed = methodsDescribed;
            this.methods = methods;
        }
    }

    public AdviceHook(String adviceClass, String methodsDescribed, Supplier<ElementMatcher<? super MethodDescription>> methods,
                      ClassLoader agentLoader) {
        this(agentLoader, new On(adviceClass, methodsDescribed, methods));
    }

    public AdviceHook(ClassLoader agentLoader, On... advice) {
        this.advice = List.of(advice);
        this.agentLoader = agentLoader;
    }

    @Override
    public byte[] apply(String className, ClassLoader loader, byte[] classfile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(className, classfile),
                ClassFileLocator.ForClassLoader.of(loader), ClassFileLocator.ForClassLoader.of(agentLoader));
        TypePool types = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = types.describe(className).resolve();
        DynamicType.Builder<?> builder = new ByteBuddy().with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE).decorate(type, locator);
        for (On on : advice) {
            ElementMatcher<? super MethodDescription> matcher = on.methods.get();
            if (type.getDeclaredMethods().filter(matcher).isEmpty()) {
                throw new IllegalStateException("no method " + on.methodsDescribed + " in this version of " + className);
            }
            builder = builder.visit(Advice.to(types.describe(on.adviceClass).resolve(), locator).on(matcher));
        }
        return builder.make(types).getBytes();
    }

    /**
     * Byte Buddy's first use loads and initialises some 700 classes, over 100 ms. Done once over a stand-in
     * class, on a thread of its own, as soon as the client's classes start to load, the instrumentation of
     * the client's first call then takes a few milliseconds.
     */
    public static void warmUp(ClassLoader agentLoader) {
        String target = WarmUpTarget.class.getName();
        try (InputStream in = agentLoader.getResourceAsStream(target.replace('.', '/') + ".class")) {
            new AdviceHook(WarmUpAdvice.class.getName(), "call()", () -> ElementMatchers.named("call"), agentLoader)
                    .apply(target, agentLoader, in.readAllBytes());
        } catch (Throwable t) {
            // Only time is lost: the client's first call pays for Byte Buddy's start instead.
        }
    }

    /** A stand-in with the shape of a client's call (a method that returns its result), for {@link #warmUp}. */
    static final class WarmUpTarget {
        Object call() {
            return this;
        }
    }

    /** A stand-in exit advice, for {@link #warmUp}. */
    static final class WarmUpAdvice {
        private WarmUpAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object call, @Advice.Return(readOnly = false) Object response) {
            response = String.valueOf(call);
        }
    }
}
