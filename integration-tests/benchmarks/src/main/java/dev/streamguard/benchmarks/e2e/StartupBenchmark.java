package dev.streamguard.benchmarks.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start with no agent, with an agent whose premain does nothing ({@link EmptyAgent}, the floor any agent
 * costs), with the same agent registering a transformer that changes nothing (the floor of an agent that must see
 * classes load, as StreamGuard must), with StreamGuard and with the OpenTelemetry Java agent: wall time from
 * process start to exit of {@link StartupApp}, its peak RSS and its CPU time, for three applications: one that
 * only creates a JDK HttpClient, one that creates both HTTP clients, and one that also reads a stream through
 * each (a service's first request). The variants are interleaved, round after round, so that a noisy machine affects them alike;
 * medians are printed with the differences to no agent and to the empty agent, and the classes each JVM loaded
 * (from one more run with {@code -Xlog:class+load}, not timed).
 * Usage: {@code StartupBenchmark [rounds]} (default 15, after 2 rounds of warm-up that are not counted); the
 * JVM that runs it runs the applications.
 */
public final class StartupBenchmark {
    private static final String[] MEASURES = {"wall", "rss", "cpu"};

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Map<String, List<String>> agents = new LinkedHashMap<>();
        agents.put("no agent", List.of());
        agents.put("empty agent", List.of(Child.emptyAgentFlag()));
        agents.put("transformer", List.of(Child.emptyAgentFlag() + "=transformer"));
        agents.put("StreamGuard", List.of(Child.agentFlag()));
        agents.put("OpenTelemetry", List.of(Child.otelFlag(), "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
        String[] apps = {"creates a JDK HttpClient", "creates both clients", "creates both clients and reads a stream through each"};
        Map<String, List<Long>> values = new LinkedHashMap<>();
        Map<String, Long> classes = new LinkedHashMap<>();
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            for (int round = -2; round < rounds; round++) {
                for (int app = 0; app < apps.length; app++) {
                    for (Map.Entry<String, List<String>> agent : agents.entrySet()) {
                        Child.Run run = run(agent.getKey(), agent.getValue(), app, upstream);
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
            for (int app = 0; app < apps.length; app++) {
                for (Map.Entry<String, List<String>> agent : agents.entrySet()) {
                    classes.put(app + " " + agent.getKey(), loadedClasses(agent.getKey(), agent.getValue(), app, upstream));
                }
            }
        }
        System.err.println();
        System.out.printf("JVM start (%s), medians of %d rounds; differences to no agent, then to the empty agent%n", Child.jvm(), rounds);
        for (int app = 0; app < apps.length; app++) {
            System.out.println("An application that " + apps[app] + ":");
            long[] base = medians(values, app + " no agent ");
            long[] floor = medians(values, app + " empty agent ");
            for (String agent : agents.keySet()) {
                long[] m = medians(values, app + " " + agent + " ");
                System.out.printf("  %-14s wall %5d ms (%+5d, %+5d)   peak RSS %6.1f MiB (%+6.1f, %+6.1f)   CPU %5d ms (%+5d, %+5d)   classes %5d%n",
                        agent, m[0], m[0] - base[0], m[0] - floor[0], m[1] / 1024.0, (m[1] - base[1]) / 1024.0, (m[1] - floor[1]) / 1024.0,
                        m[2], m[2] - base[2], m[2] - floor[2], classes.get(app + " " + agent));
            }
        }
    }

    private static long[] medians(Map<String, List<Long>> values, String key) {
        long[] m = new long[MEASURES.length];
        for (int i = 0; i < MEASURES.length; i++) {
            m[i] = Child.median(values.get(key + MEASURES[i]));
        }
        return m;
    }

    private static Child.Run run(String agent, List<String> jvm, int app, LoopbackUpstream upstream) throws Exception {
        String[] appArgs = app == 0 ? new String[] {"jdk"} : app == 1 ? new String[] {"both"} : new String[] {"both", upstream.url("/text")};
        Child.Run run = Child.run(Child.Libraries.HTTP_CLIENTS, jvm, StartupApp.class.getName(), appArgs);
        long bytes = app == 2 ? 2L * LoopbackUpstream.TEXT.length : 0;
        if (run.exit != 0 || run.number("BYTES") != bytes) {
            throw new IllegalStateException(agent + " failed, exit " + run.exit + ":\n" + run.stderr);
        }
        return run;
    }

    /** How many classes the JVM loaded in one more run, counted from {@code -Xlog:class+load}. */
    private static long loadedClasses(String agent, List<String> jvm, int app, LoopbackUpstream upstream) throws Exception {
        // A file the JVM creates itself: it would keep an existing one as <name>.0.
        Path dir = Files.createTempDirectory("bench-classes");
        Path log = dir.resolve("classes.log");
        try {
            List<String> options = new ArrayList<>(jvm);
            options.add("-Xlog:class+load=info:file=" + log);
            run(agent, options, app, upstream);
            try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                return lines.filter(l -> l.contains("source:")).count();
            }
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }
}
