package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start with no agent, with StreamGuard and with the OpenTelemetry Java agent: wall time from process
 * start to exit of {@link StartupApp}, and its peak RSS. The three are interleaved, round after round, so
 * that a noisy machine affects them alike; medians are printed with the differences to no agent.
 * Usage: {@code StartupBenchmark [rounds]} (default 15, after 2 rounds of warm-up that are not counted).
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("no agent", List.of());
        variants.put("StreamGuard", List.of(Child.agentFlag()));
        variants.put("OpenTelemetry", List.of(Child.otelFlag(), "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
        Map<String, List<Long>> wall = new LinkedHashMap<>();
        Map<String, List<Long>> rss = new LinkedHashMap<>();
        variants.keySet().forEach(k -> {
            wall.put(k, new ArrayList<>());
            rss.put(k, new ArrayList<>());
        });
        try (LoopbackUpstream upstream = new LoopbackUpstream(0, 0)) {
            for (int round = -2; round < rounds; round++) {
                for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                    Child.Run run = Child.run(Child.Libraries.HTTP_CLIENTS, v.getValue(), StartupApp.class.getName(), upstream.url("/text"));
                    if (run.exit != 0 || run.number("BYTES") != 2L * LoopbackUpstream.TEXT.length) {
                        throw new IllegalStateException(v.getKey() + " failed, exit " + run.exit + ":\n" + run.stderr);
                    }
                    if (round >= 0) {
                        wall.get(v.getKey()).add(run.wallNanos / 1_000_000);
                        rss.get(v.getKey()).add(run.number("PEAK_RSS_KIB"));
                    }
                }
                System.err.print(".");
            }
        }
        System.err.println();
        long baseWall = Child.median(wall.get("no agent"));
        long baseRss = Child.median(rss.get("no agent"));
        System.out.printf("JVM start (%s, %d rounds, medians): wall ms, peak RSS MiB%n", Child.jvm(), rounds);
        for (String k : variants.keySet()) {
            long w = Child.median(wall.get(k));
            long r = Child.median(rss.get(k));
            System.out.printf("  %-14s wall %5d ms (%+5d ms, x%.2f)   peak RSS %6.1f MiB (%+6.1f MiB)%n",
                    k, w, w - baseWall, (double) w / baseWall, r / 1024.0, (r - baseRss) / 1024.0);
        }
    }
}
