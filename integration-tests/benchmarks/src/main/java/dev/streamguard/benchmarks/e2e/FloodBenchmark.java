package dev.streamguard.benchmarks.e2e;

import java.util.List;

/**
 * A 1 GiB tool-argument stream (one call whose arguments never end) read by {@link FloodApp} in two JVMs
 * with the same heap, one without and one with StreamGuard at its default caps.
 * Usage: {@code FloodBenchmark [heap size]} (the value of -Xmx, default 512m).
 */
public final class FloodBenchmark {
    private FloodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String xmx = "-Xmx" + (args.length > 0 ? args[0] : "512m");
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            String url = upstream.url("/flood/v1/chat/completions");
            System.out.printf("1 GiB tool-argument flood, JDK HttpClient, %s (%s)%n", xmx, Child.jvm());
            print("no agent", Child.run(Child.Libraries.APP, List.of(xmx), FloodApp.class.getName(), url));
            print("StreamGuard", Child.run(Child.Libraries.APP, List.of(xmx, Child.agentFlag()), FloodApp.class.getName(), url));
        }
    }

    private static void print(String name, Child.Run run) {
        long baseline = run.number("BASELINE_HEAP");
        System.out.printf("  %s: %s%n", name, run.values.get("OUTCOME"));
        System.out.printf("    read %.1f MiB in %d ms; heap after GC: baseline %.1f MiB, peak during stream %+.1f MiB,"
                        + " at the end %+.1f MiB%n",
                run.number("READ_BYTES") / 1048576.0, run.number("MILLIS"), baseline / 1048576.0,
                (run.number("PEAK_AFTER_GC_HEAP") - baseline) / 1048576.0, (run.number("LIVE_AT_END_HEAP") - baseline) / 1048576.0);
    }
}
