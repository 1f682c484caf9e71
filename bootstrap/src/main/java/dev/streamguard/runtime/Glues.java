package dev.streamguard.runtime;

import java.util.function.Function;

/**
 * The glue of one client for each copy of its library, found by a class of that copy: made once, by the
 * factory the client's hook installs before it changes its first class, and kept in a class value, so that it
 * goes when the copy's class loader goes. Until the factory is installed (which no advice can see, since advice
 * exists only once the hook ran), or when it fails (reported once per copy), the copy gets {@code none}, which
 * lets everything pass as it came.
 */
final class Glues<T> {
    private final String client;
    private final T none;
    private volatile Function<Class<?>, T> factory;
    private final ClassValue<T> byClass = new ClassValue<T>() {
        @Override
        protected T computeValue(Class<?> libraryClass) {
            Function<Class<?>, T> f = factory;
            if (f == null) {
                return none;
            }
            try {
                T glue = f.apply(libraryClass);
                return glue == null ? none : glue;
            } catch (Throwable t) {
                StreamGuardRuntime.glueFailed(client, libraryClass.getName(), t);
                return none;
            }
        }
    };

    Glues(String client, T none) {
        this.client = client;
        this.none = none;
    }

    void install(Function<Class<?>, T> glueFactory) {
        factory = glueFactory;
    }

    T of(Class<?> libraryClass) {
        return byClass.get(libraryClass);
    }
}
