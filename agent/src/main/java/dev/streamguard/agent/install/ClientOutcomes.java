package dev.streamguard.agent.install;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What became of each client class the agent hooks, for {@code status} and JMX: instrumented, or why not. A class
 * may have copies in several class loaders, which may fare differently, so a class collects every outcome it had.
 */
final class ClientOutcomes {
    private static final String INSTRUMENTED = "instrumented";

    private final Map<String, Set<String>> byClass = new ConcurrentSkipListMap<>();

    void instrumented(String className) {
        add(className, INSTRUMENTED);
    }

    /** The hook could not change the class; whether this reason is new for it (to log it once). */
    boolean refused(String className, Throwable why) {
        return add(className, "not instrumented, its responses are not guarded: " + why);
    }

    /** The JVM refused the changed class (a retransformation after an attach): it runs as it was. */
    boolean rejected(String className, Throwable why) {
        Set<String> was = byClass.get(className);
        if (was != null) {
            was.remove(INSTRUMENTED);
        }
        return refused(className, why);
    }

    /**
     * The class was changed, but the glue for its copy of the library could not be made when its first response
     * came: that copy's responses go through unguarded.
     */
    void glueFailed(String className, Throwable why) {
        add(className, "in one class loader its glue failed, and that copy's responses are not guarded: " + why);
    }

    /** {@code class: outcome; outcome} for each class, by name. */
    String[] list() {
        return byClass.entrySet().stream().map(e -> e.getKey() + ": " + String.join("; ", e.getValue())).toArray(String[]::new);
    }

    private boolean add(String className, String outcome) {
        return byClass.computeIfAbsent(className, n -> new ConcurrentSkipListSet<>()).add(outcome);
    }
}
