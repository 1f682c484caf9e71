package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * 500 concurrent streams per round through the HTTP stacks named (by default 250 through the JDK HttpClient, 250
 * through OkHttp; {@code all} for every instrumented stack, see {@link ConcurrencyApp}), several rounds per
 * JVM after warm-up rounds, without and with StreamGuard, alternating: streams per second of wall time and
 * CPU time per stream, of the whole process and without the JIT's threads. The JIT's share is a one-time cost that
 * the warm-up shortens but does not end (see {@link ConcurrencyApp}); without it the CPU is what each stream costs
 * once the code is compiled.
 * Usage: {@code ConcurrencyBenchmark [streams] [rounds] [runs] [both|all|stack[,stack...]] [warm-up rounds]}
 * (defaults 500, 10, 7, both, thirty times the rounds: with all seven stacks a method run once per stream is
 * called once per seven streams of the warm-up, and after twelve times the JIT was still compiling such methods
 * through the measured rounds; seven runs, see docs/PERFORMANCE.md).
 * With {@code -Dbench.excludeAll=true} the agent's child excludes the benchmark's URL: every hook still sees every
 * stream and guards none, which shows what the agent costs the streams it passes on.
 */
public final class ConcurrencyBenchmark {
    /**
     * Each child's heap, fixed and touched before the child starts. Left to size itself, a heap may grow during the
     * measured rounds, and the kernel's first touch of the new pages then counts as CPU of whichever run grew it, with
     * or without the agent (docs/PERFORMANCE.md, "A heap that does not grow").
     */
    static final List<String> HEAP = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");
    private static final boolean EXCLUDE_ALL = Boolean.getBoolean("bench.excludeAll");
    private static final String PATH = "/text";

    private ConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String clients = args.length > 3 ? args[3] : "both";
        int warmUpRounds = args.length > 4 ? Integer.parseInt(args[4]) : 30 * rounds;
        List<Long> wallWithout = new ArrayList<>();
        List<Long> wallWith = new ArrayList<>();
        List<Long> cpuWithout = new ArrayList<>();
        List<Long> cpuWith = new ArrayList<>();
        List<Long> jitWithout = new ArrayList<>();
        List<Long> jitWith = new ArrayList<>();
        List<Long> gcWithout = new ArrayList<>();
        List<Long> gcWith = new ArrayList<>();
        List<Long> waitWithout = new ArrayList<>();
        List<Long> waitWith = new ArrayList<>();
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            String[] appArgs = {upstream.url(PATH), String.valueOf(streams), String.valueOf(rounds), String.valueOf(warmUpRounds), clients};
            for (int i = 0; i < runs; i++) {
                Child.Run without = check(Child.run(Child.Libraries.APP, HEAP, ConcurrencyApp.class.getName(), appArgs), streams * rounds, -1);
                Child.Run with = check(Child.run(Child.Libraries.APP, withAgent(), ConcurrencyApp.class.getName(), appArgs),
                        streams * rounds, EXCLUDE_ALL ? 0 : streams * rounds);
                wallWithout.add(without.number("WALL_NS"));
                cpuWithout.add(without.number("CPU_NS"));
                wallWith.add(with.number("WALL_NS"));
                cpuWith.add(with.number("CPU_NS"));
                jitWithout.add(without.number("CPU_COMPILER_MS"));
                jitWith.add(with.number("CPU_COMPILER_MS"));
                gcWithout.add(without.number("CPU_GC_MS"));
                gcWith.add(with.number("CPU_GC_MS"));
                waitWithout.add(without.number("JIT_WAIT_MS"));
                waitWith.add(with.number("JIT_WAIT_MS"));
                System.err.print(".");
            }
        }
        System.err.println();
        int total = streams * rounds;
        System.out.printf("%d concurrent streams x %d rounds after %d warm-up rounds (%d B each; clients: %s), %s, medians of %d runs%s%n",
                streams, rounds, warmUpRounds, LoopbackUpstream.TEXT.length, clients, Child.jvm(), runs,
                EXCLUDE_ALL ? "; the agent excludes every stream" : "");
        double rateWithout = total / (Child.median(wallWithout) / 1e9);
        double rateWith = total / (Child.median(wallWith) / 1e9);
        double cpuPerWithout = Child.median(cpuWithout) / 1e3 / total;
        double cpuPerWith = Child.median(cpuWith) / 1e3 / total;
        List<Long> workWithout = withoutJit(cpuWithout, jitWithout);
        List<Long> workWith = withoutJit(cpuWith, jitWith);
        double workPerWithout = Child.median(workWithout) / 1e3 / total;
        double workPerWith = Child.median(workWith) / 1e3 / total;
        System.out.printf("  no agent     %8.0f streams/s   %8.1f us CPU per stream, %8.1f us without the JIT%n", rateWithout, cpuPerWithout, workPerWithout);
        System.out.printf("  StreamGuard  %8.0f streams/s   %8.1f us CPU per stream, %8.1f us without the JIT%n", rateWith, cpuPerWith, workPerWith);
        System.out.printf("  ratio        throughput x%.3f, CPU x%.3f, CPU without the JIT x%.3f%n",
                rateWith / rateWithout, cpuPerWith / cpuPerWithout, workPerWith / workPerWithout);
        // One pair of runs may lie far from the next: each pair's own ratios show how far.
        System.out.printf("  run by run   throughput x%s; CPU without the JIT x%s%n", pairRatios(wallWithout, wallWith), pairRatios(workWith, workWithout));
        System.out.printf("  runs, CPU (us per stream):        %s | %s%n", Child.eachRun(cpuWithout, 1e3 * total), Child.eachRun(cpuWith, 1e3 * total));
        System.out.printf("  runs, without the JIT (us):       %s | %s%n", Child.eachRun(workWithout, 1e3 * total), Child.eachRun(workWith, 1e3 * total));
        System.out.printf("  runs, JIT threads (ms, 10 ms ticks): %s | %s%n", Child.eachRun(jitWithout, 1), Child.eachRun(jitWith, 1));
        System.out.printf("  runs, GC threads (ms, 10 ms ticks):  %s | %s%n", Child.eachRun(gcWithout, 1), Child.eachRun(gcWith, 1));
        System.out.printf("  runs, warm-up's waits for the JIT (s): %s | %s%n", Child.eachRun(waitWithout, 1e3), Child.eachRun(waitWith, 1e3));
    }

    private static List<String> withAgent() {
        List<String> options = new ArrayList<>(HEAP);
        options.add(Child.agentFlag());
        if (EXCLUDE_ALL) {
            options.add("-Dstreamguard.exclude-urls=*" + PATH);
        }
        return options;
    }

    /** Each pair's {@code numerator / denominator}, in run order. */
    private static String pairRatios(List<Long> numerator, List<Long> denominator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < numerator.size(); i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%.3f", (double) numerator.get(i) / denominator.get(i)));
        }
        return sb.toString();
    }

    /** Each run's process CPU (ns) less what its JIT threads took (ms). */
    private static List<Long> withoutJit(List<Long> cpuNanos, List<Long> jitMillis) {
        List<Long> work = new ArrayList<>();
        for (int i = 0; i < cpuNanos.size(); i++) {
            work.add(cpuNanos.get(i) - jitMillis.get(i) * 1_000_000L);
        }
        return work;
    }

    /** Every stream arrived intact, and the agent guarded each one (with it) or was absent (without it: -1). */
    private static Child.Run check(Child.Run run, int expected, int guarded) {
        if (run.exit != 0 || run.number("INTACT") != expected) {
            throw new IllegalStateException("a run lost streams, exit " + run.exit + ", " + run.values + ":\n" + run.stderr);
        }
        if (run.number("GUARDED") != guarded) {
            throw new IllegalStateException("the agent guarded " + run.number("GUARDED") + " streams, not " + guarded + ": " + run.values);
        }
        return run;
    }
}
