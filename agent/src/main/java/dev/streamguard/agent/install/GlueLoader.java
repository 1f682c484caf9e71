package dev.streamguard.agent.install;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads a client's glue, compiled against that client's library, for one class loader that has the library:
 * the glue's own classes (one package) come from the agent jar, the core from the boot class path, and the
 * library from that loader. The application's classes never see the glue, and a glue class can never be
 * taken for one of the application's. It lives as long as the application's copy of the library does (each
 * bridge keeps its glue in a {@code ClassValue} of a class of that library).
 */
public final class GlueLoader extends ClassLoader {
    private static final String CORE = "dev.streamguard.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;
    private final String gluePackage;

    private GlueLoader(ClassLoader library, ClassLoader agentLoader, String gluePackage) {
        super(library);
        this.agentLoader = agentLoader;
        this.gluePackage = gluePackage;
    }

    /**
     * A new instance of the glue class {@code entry} (a public no-argument constructor) for the class loader of
     * {@code libraryClass}; the glue is the package of {@code entry}.
     */
    public static Object newEntry(Class<?> libraryClass, ClassLoader agentLoader, String entry) {
        String gluePackage = entry.substring(0, entry.lastIndexOf('.') + 1);
        try {
            Class<?> c = Class.forName(entry, true, new GlueLoader(libraryClass.getClassLoader(), agentLoader, gluePackage));
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no glue " + entry + " for " + libraryClass.getName(), e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(gluePackage)) {
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
}
