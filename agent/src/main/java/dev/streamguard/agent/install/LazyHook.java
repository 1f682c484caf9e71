package dev.streamguard.agent.install;

import java.util.function.Supplier;

/**
 * A client's hook, made when the first of its target classes loads: until then a client the application does
 * not use costs the JVM's start no class of its own (its advice, its bridge's wiring, its matchers).
 */
final class LazyHook implements ClassHook {
    private final Supplier<ClassHook> make;
    private volatile ClassHook hook;

    LazyHook(Supplier<ClassHook> make) {
        this.make = make;
    }

    @Override
    public byte[] apply(String className, ClassLoader loader, byte[] classfile) throws Exception {
        ClassHook h = hook;
        if (h == null) {
            synchronized (this) {
                h = hook;
                if (h == null) {
                    h = make.get();
                    hook = h;
                }
            }
        }
        return h.apply(className, loader, classfile);
    }
}
