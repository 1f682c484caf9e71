package dev.streamguard.benchmarks.e2e;

import java.lang.instrument.Instrumentation;

/**
 * The start-up benchmark's floor: a Java agent whose {@code premain} does nothing, packaged alone in
 * {@code target/floor/} by the benchmark module. What the JVM spends on any agent (opening its jar, the instrumentation
 * machinery) is the difference between it and no agent; what StreamGuard adds on top is the difference to it.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        // nothing: the floor
    }
}
