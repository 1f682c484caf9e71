package dev.streamguard.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * What one instrumented HTTP client declares, in its own package: the classes it changes as they load, the hook
 * that changes them (which refuses, with a message naming what is missing, a class of a version it does not
 * fit), and what must happen before any of them loads. {@link Instrumentations} only loops over these.
 */
public interface ClientInstrumentation {
    /** The binary names of the classes the hook changes. */
    List<String> targetClasses();

    /**
     * The hook for the target classes, with whatever its advice needs wired up (a bridge's glue), made when the
     * first target class loads (or is retransformed after an attach), so that a client the application does not
     * use costs the start no more than its declaration. A hook that cannot be made refuses that class, and is
     * tried again at the next one.
     */
    ClassHook hook(ClassLoader agentLoader);

    /**
     * What the JVM must allow (a JDK package exported or opened to the agent) before a target class can be
     * changed: run at installation, before the transformer, since after an attach a target class may be
     * retransformed at once.
     */
    default void prepare(Instrumentation instrumentation, ClassLoader agentLoader) {
    }

    /** A class whose loading shows the client is in use, well before its first call; null if none. */
    default String announcedBy() {
        return null;
    }

    /** Runs once, on a thread of its own, when {@link #announcedBy()} loads: the hook's costly first use, paid early. */
    default void warmUp(ClassLoader agentLoader) {
    }
}
