package dev.streamguard.agent.reactornetty;

import dev.streamguard.runtime.ReactorNettyBridge;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Loads the glue, compiled against Reactor Netty, for one class loader that has Reactor Netty: the glue's own
 * classes come from the agent jar, the core from the boot class path, and Netty and Reactor Netty from that
 * loader. The application's classes never see the glue, and a glue class can never be taken for one of
 * the application's. It lives as long as the application's Reactor Netty classes do (the bridge keeps it in a
 * {@code ClassValue} of {@code HttpClientOperations}).
 */
final class GlueLoader extends ClassLoader {
    static final String PACKAGE = GlueLoader.class.getPackageName() + ".glue.";
    static final String ENTRY = PACKAGE + "NettyInbound";
    private static final String CORE = "dev.streamguard.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    GlueLoader(ClassLoader reactorNetty, ClassLoader agentLoader) {
        super(reactorNetty);
        this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PACKAGE)) {
            // The core is on the boot class path: never a copy an application's own loader might hold.
            return name.startsWith(CORE) ? Class.forName(name, false, null) : super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = define(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** Makes the glue for the class loader of each copy of {@code HttpClientOperations} the bridge meets. */
    static final class Factory implements Function<Class<?>, ReactorNettyBridge.Inbound> {
        private final ClassLoader agentLoader;

        Factory(ClassLoader agentLoader) {
            this.agentLoader = agentLoader;
        }

        @Override
        public ReactorNettyBridge.Inbound apply(Class<?> operationsClass) {
            try {
                Class<?> entry = Class.forName(ENTRY, true, new GlueLoader(operationsClass.getClassLoader(), agentLoader));
                return (ReactorNettyBridge.Inbound) entry.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no Reactor Netty glue for " + operationsClass.getName(), e);
            }
        }
    }
}
