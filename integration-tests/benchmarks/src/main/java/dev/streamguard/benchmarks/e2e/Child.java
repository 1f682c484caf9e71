package dev.streamguard.benchmarks.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a benchmark application in its own JVM (this JVM's java) and collects its {@code KEY value} lines.
 * The application's class path is the module's classes plus the libraries Maven listed at package time:
 * {@link Libraries#APP} (openai-java, OkHttp), {@link Libraries#HTTP_CLIENTS} (OkHttp alone) or
 * {@link Libraries#SPRING_AI1} (Spring AI 1.x on Reactor Netty, and its application's classes); never the
 * guard core or JMH. Paths are relative to the repository root, where the commands are run.
 */
final class Child {
    static final Path AGENT = Paths.get(System.getProperty("streamguard.agent", "agent/target/streamguard-agent.jar")).toAbsolutePath();
    private static final Path MODULE = Paths.get("integration-tests/benchmarks/target").toAbsolutePath();
    static final Path OTEL = Paths.get(System.getProperty("otel.agent",
            "integration-tests/benchmarks/target/opentelemetry-javaagent.jar")).toAbsolutePath();

    /** What a child printed and how long it ran. */
    static final class Run {
        final Map<String, String> values = new HashMap<>();
        final long wallNanos;
        final int exit;
        final String stderr;

        Run(long wallNanos, int exit, String stderr) {
            this.wallNanos = wallNanos;
            this.exit = exit;
            this.stderr = stderr;
        }

        long number(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalStateException("the child printed no " + key + "; exit " + exit + ", stderr:\n" + stderr);
            }
            return Long.parseLong(v.trim());
        }
    }

    enum Libraries {
        APP(MODULE, "app.classpath"),
        HTTP_CLIENTS(MODULE, "startup.classpath"),
        /** Spring AI 1.x with Spring Boot 3's versions: the benchmark application of its own module, on its libraries. */
        SPRING_AI1(MODULE.resolve("../spring-ai1/target").normalize(), "app.classpath");

        private final Path module;
        private final String file;

        Libraries(Path module, String file) {
            this.module = module;
            this.file = file;
        }

        String classPath() throws IOException {
            Path list = module.resolve(file);
            if (!Files.isRegularFile(list)) {
                throw new IllegalStateException("no " + list + "; build the benchmarks modules first (see docs/PERFORMANCE.md)");
            }
            String classes = MODULE.resolve("classes").toString();
            if (!module.equals(MODULE)) {
                classes += File.pathSeparator + module.resolve("classes");
            }
            return classes + File.pathSeparator + Files.readString(list, StandardCharsets.UTF_8).trim();
        }
    }

    private Child() {
    }

    static Run run(Libraries libraries, List<String> jvmOptions, String main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        // The body the harness's upstream streams, which the child checks every stream against.
        String words = System.getProperty(LoopbackUpstream.WORDS);
        if (words != null) {
            cmd.add("-D" + LoopbackUpstream.WORDS + "=" + words);
        }
        // For profiling a child: e.g. -Dbench.childOptions=-XX:StartFlightRecording=filename=/tmp/child.jfr
        String extra = System.getProperty("bench.childOptions", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split(" +")));
        }
        cmd.add("-cp");
        cmd.add(libraries.classPath());
        cmd.add(main);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("bench-out", ".txt");
        Path err = Files.createTempFile("bench-err", ".txt");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            long wall = System.nanoTime() - start;
            Run run = new Run(wall, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    run.values.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String agentFlag() {
        if (!AGENT.toFile().isFile()) {
            throw new IllegalStateException("no agent jar at " + AGENT + "; build it first (see docs/PERFORMANCE.md)");
        }
        return "-javaagent:" + AGENT;
    }

    /** The floor: an agent whose premain does nothing ({@link EmptyAgent}), built by this module. */
    static String emptyAgentFlag() throws IOException {
        try (Stream<Path> files = Files.list(MODULE.resolve("floor"))) {
            Path jar = files.filter(f -> f.getFileName().toString().endsWith("-floor.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no empty agent in " + MODULE + "; build the benchmarks module first"));
            return "-javaagent:" + jar;
        }
    }

    static String otelFlag() {
        if (!OTEL.toFile().isFile()) {
            throw new IllegalStateException("no OpenTelemetry agent at " + OTEL + "; build the benchmarks module first");
        }
        return "-javaagent:" + OTEL;
    }

    /** A memory figure of this process from /proc, in KiB: {@code VmHWM} (peak RSS), {@code RssAnon}, {@code RssFile}. */
    static long memoryKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * CPU time of this process so far (all threads), from /proc in clock ticks of 10 ms: without
     * java.lang.management, whose first use would itself cost start-up time (and make StreamGuard register
     * its MBean at once).
     */
    static long cpuMillisFromProc() throws IOException {
        return cpuMillis(Files.readString(Paths.get("/proc/self/stat")));
    }

    /** User and system CPU time in a /proc {@code stat} line (a process's or a thread's), in milliseconds. */
    private static long cpuMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * CPU time of this process's threads that are still alive, in milliseconds, from /proc (ticks of 10 ms), in
     * three groups: {@code compiler} (the JIT's threads), {@code gc} (the collector's) and {@code other} (the
     * application's, the agent's and the JVM's other threads). What the process used beyond their sum went to
     * threads that have ended.
     */
    static Map<String, Long> liveThreadCpuMillis() throws IOException {
        Map<String, Long> groups = new TreeMap<>(Map.of("compiler", 0L, "gc", 0L, "other", 0L));
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long millis = cpuMillis(stat);
                String group = name.contains("CompilerThre") ? "compiler"
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "gc" : "other";
                groups.merge(group, millis, Long::sum);
            }
        }
        return groups;
    }

    /**
     * The context switches of this process's live threads so far, voluntary (a thread blocked: waiting for bytes,
     * a lock or a hand-off) and not (it was preempted), from /proc: how often a stream's threads hand its work to
     * one another.
     */
    static long[] liveThreadContextSwitches() throws IOException {
        long[] switches = new long[2];
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                List<String> status;
                try {
                    status = Files.readAllLines(task.resolve("status"));
                } catch (IOException ended) {
                    continue;
                }
                for (String line : status) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        switches[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        switches[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        }
        return switches;
    }

    /**
     * Waits (at most {@code maxMillis}) until the JIT's compiler threads have been idle for 200 ms; returns how long it
     * waited. With hundreds of busy threads on two cores the compiler threads fall behind: what they still have
     * queued after a warm-up is compiled before the measurement rather than during it.
     */
    static long awaitJitIdle(long maxMillis) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long before = liveThreadCpuMillis().get("compiler");
        while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < maxMillis) {
            Thread.sleep(200);
            long now = liveThreadCpuMillis().get("compiler");
            if (now == before) {
                break;
            }
            before = now;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Waits until 4 s after {@code startNanos} (the application's start): past the agent's one-time work,
     * Byte Buddy's warm-up (for the clients hooked with it) and the MBean registration at 3 s, which a measurement should not count per stream.
     */
    static void waitPastAgentStart(long startNanos) {
        long waitNanos = 4_000_000_000L - (System.nanoTime() - startNanos);
        if (waitNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
        }
    }

    /** Every run's value, divided by {@code unit}, rounded and space-separated: printed after the medians. */
    static String eachRun(List<Long> values, double unit) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(sb.length() > 0 ? " " : "").append(String.format("%.0f", v / unit));
        }
        return sb.toString();
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static String jvm() {
        return "Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }

    /** CPU time of this whole process so far (all threads, JIT and GC included), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
