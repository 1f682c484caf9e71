package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start with no agent, with StreamGuard and with the OpenTelemetry Java agent: wall time from process
 * start to exit of {@link StartupApp}, its peak RSS and its CPU time, for two applications: one that only
 * creates both HTTP clients, and one that also reads a stream through each (a service's first request). The
 * variants are interleaved, round after round, so that a noisy machine affects them alike; medians are
 * printed with the differences to no agent.
 * Usage: {@code StartupBenchmark [rounds]} (default 15, after 2 rounds of warm-up that are not counted).
 */
public final class StartupBenchmark {
    private static final String[] MEASURES = {"wall", "rss", "cpu"};

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Map<String, List<String>> agents = new LinkedHashMap<>();
        agents.put("no agent", List.of());
        agents.put("StreamGuard", List.of(Child.agentFlag()));
        agents.put("OpenTelemetry", List.of(Child.otelFlag(), "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
        String[] apps = {"creates both clients", "creates both clients and reads a stream through each"};
        Map<String, List<Long>> values = new LinkedHashMap<>();
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            for (int round = -2; round < rounds; round++) {
                for (int app = 0; app < apps.length; app++) {
                    for (Map.Entry<String, List<String>> agent : agents.entrySet()) {
                        String[] appArgs = app == 0 ? new String[0] : new String[] {upstream.url("/text")};
                        Child.Run run = Child.run(Child.Libraries.HTTP_CLIENTS, agent.getValue(), StartupApp.class.getName(), appArgs);
                        long bytes = app == 0 ? 0 : 2L * LoopbackUpstream.TEXT.length;
                        if (run.exit != 0 || run.number("BYTES") != bytes) {
                            throw new IllegalStateException(agent.getKey() + " failed, exit " + run.exit + ":\n" + run.stderr);
                        }
                        if (round >= 0) {
                            String key = app + " " + agent.getKey() + " ";
                            values.computeIfAbsent(key + "wall", k -> new ArrayList<>()).add(run.wallNanos / 1_000_000);
                            values.computeIfAbsent(key + "rss", k -> new ArrayList<>()).add(run.number("PEAK_RSS_KIB"));
                            values.computeIfAbsent(key + "cpu", k -> new ArrayList<>()).add(run.number("CPU_MS"));
                        }
                    }
                }
                System.err.print(".");
            }
        }
        System.err.println();
        System.out.printf("JVM start (%s), medians of %d rounds; differences to no agent%n", Child.jvm(), rounds);
        for (int app = 0; app < apps.length; app++) {
            System.out.println("An application that " + apps[app] + ":");
            long[] base = new long[MEASURES.length];
            for (int m = 0; m < MEASURES.length; m++) {
                base[m] = Child.median(values.get(app + " no agent " + MEASURES[m]));
            }
            for (String agent : agents.keySet()) {
                long wall = Child.median(values.get(app + " " + agent + " wall"));
                long rss = Child.median(values.get(app + " " + agent + " rss"));
                long cpu = Child.median(values.get(app + " " + agent + " cpu"));
                System.out.printf("  %-14s wall %5d ms (%+5d ms)   peak RSS %6.1f MiB (%+6.1f MiB)   CPU %5d ms (%+5d ms)%n",
                        agent, wall, wall - base[0], rss / 1024.0, (rss - base[1]) / 1024.0, cpu, cpu - base[2]);
            }
        }
    }
}
