package dev.streamguard.benchmarks.e2e;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The start-up benchmark's floors, packaged alone in {@code target/floor/} by the benchmark module. With no
 * argument its {@code premain} does nothing: what the JVM spends on any agent (opening its jar, the instrumentation
 * machinery) is the difference between it and no agent. With the argument {@code transformer} it registers a
 * class-file transformer that changes nothing: what any agent that must see classes load costs, since the JVM
 * then hands a transformer every class that loads after it, a copy of its bytes included. StreamGuard is such an
 * agent (the HTTP clients it hooks may load at any time, in any class loader); what it adds on top is the
 * difference to that floor.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        if ("transformer".equals(args)) {
            instrumentation.addTransformer(new ClassFileTransformer() {
            });
        }
    }
}
