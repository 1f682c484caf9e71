package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The concurrency benchmark's streams with the agent only, guarded and not side by side in each JVM: the agent
 * leaves one URL alone ({@code exclude-urls}) and {@link ConcurrencyApp} alternates its rounds between that URL and
 * a guarded one with the same body. Between two JVMs, one without the agent and one with it, this machine's runs
 * differ by more than the agent costs ({@link ConcurrencyBenchmark}); rounds a few seconds apart in one JVM, on the
 * same heap, threads and compiled code, do not. What it leaves out is what the hooks cost a stream they do not
 * guard (a URL check; on Vert.x, a map lookup per chunk), which only the comparison with a JVM without the agent
 * shows. Prints, for the guarded and the excluded rounds, streams per second and CPU per stream without the JIT's
 * threads (medians over the runs), each run's ratios, and each run's context switches per stream of each kind (how
 * often the stacks' threads blocked, handing a stream's work to one another, and were preempted).
 * {@code -Dbench.words=<n>} streams a body of {@code n} text events instead of 600.
 * Usage: {@code ConcurrencySideBySide [streams] [rounds] [runs] [both|all|stack[,stack...]] [warm-up rounds]}
 * (defaults 500, 12, 5, all, 120; rounds are split evenly between the two kinds).
 */
public final class ConcurrencySideBySide {
    private static final String EXCLUDED_PATH = "/text/excluded";

    private ConcurrencySideBySide() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String clients = args.length > 3 ? args[3] : "all";
        int warmUpRounds = args.length > 4 ? Integer.parseInt(args[4]) : 120;
        int guardedRounds = ConcurrencyApp.guardedRounds(rounds);
        int excludedRounds = rounds - guardedRounds;
        List<Long> wallGuarded = new ArrayList<>();
        List<Long> wallExcluded = new ArrayList<>();
        List<Long> workGuarded = new ArrayList<>();
        List<Long> workExcluded = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        List<String> switches = new ArrayList<>();
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            String[] appArgs = {upstream.url("/text"), String.valueOf(streams), String.valueOf(rounds), String.valueOf(warmUpRounds), clients,
                    upstream.url(EXCLUDED_PATH)};
            List<String> options = new ArrayList<>(ConcurrencyBenchmark.HEAP);
            options.add("-Dstreamguard.exclude-urls=*" + EXCLUDED_PATH);
            options.add(Child.agentFlag());
            for (int i = 0; i < runs; i++) {
                Child.Run run = Child.run(Child.Libraries.APP, options, ConcurrencyApp.class.getName(), appArgs);
                if (run.exit != 0 || run.number("INTACT") != (long) streams * rounds || run.number("GUARDED") != (long) streams * guardedRounds) {
                    throw new IllegalStateException("a run lost streams or did not guard every guarded one, exit " + run.exit + ", "
                            + run.values + ":\n" + run.stderr);
                }
                long g = perStream(run, "GUARDED", streams * guardedRounds);
                long e = perStream(run, "EXCLUDED", streams * excludedRounds);
                long wg = run.number("WALL_NS_GUARDED") / guardedRounds;
                long we = run.number("WALL_NS_EXCLUDED") / excludedRounds;
                workGuarded.add(g);
                workExcluded.add(e);
                wallGuarded.add(wg);
                wallExcluded.add(we);
                switches.add(String.format("%.1f+%.1f / %.1f+%.1f",
                        run.number("SWITCHES_VOLUNTARY_EXCLUDED") / (double) (streams * excludedRounds),
                        run.number("SWITCHES_PREEMPTED_EXCLUDED") / (double) (streams * excludedRounds),
                        run.number("SWITCHES_VOLUNTARY_GUARDED") / (double) (streams * guardedRounds),
                        run.number("SWITCHES_PREEMPTED_GUARDED") / (double) (streams * guardedRounds)));
                ratios.add(String.format("x%.3f / x%.3f", (double) we / wg, (double) g / e));
                System.err.print(".");
            }
        }
        System.err.println();
        System.out.printf("%d concurrent streams a round, %d rounds guarded and %d excluded alternating, after %d warm-up rounds "
                        + "(%d B each; clients: %s), %s, medians of %d runs, all with the agent%n",
                streams, guardedRounds, excludedRounds, warmUpRounds, LoopbackUpstream.TEXT.length, clients, Child.jvm(), runs);
        double rateGuarded = streams / (Child.median(wallGuarded) / 1e9);
        double rateExcluded = streams / (Child.median(wallExcluded) / 1e9);
        double cpuGuarded = Child.median(workGuarded) / 1e3;
        double cpuExcluded = Child.median(workExcluded) / 1e3;
        System.out.printf("  excluded     %8.0f streams/s   %8.1f us CPU per stream without the JIT%n", rateExcluded, cpuExcluded);
        System.out.printf("  guarded      %8.0f streams/s   %8.1f us CPU per stream without the JIT%n", rateGuarded, cpuGuarded);
        System.out.printf("  ratio        throughput x%.3f, CPU without the JIT x%.3f (%+.1f us)%n", rateGuarded / rateExcluded,
                cpuGuarded / cpuExcluded, cpuGuarded - cpuExcluded);
        System.out.printf("  run by run   throughput / CPU: %s%n", String.join(", ", ratios));
        System.out.printf("  runs, CPU without the JIT (us per stream): %s | %s%n", Child.eachRun(workExcluded, 1e3), Child.eachRun(workGuarded, 1e3));
        System.out.printf("  runs, context switches per stream, blocked+preempted, excluded / guarded: %s%n", String.join(", ", switches));
    }

    /** A kind's CPU time per stream in ns, less its JIT threads' share. */
    private static long perStream(Child.Run run, String kind, long streams) {
        return (run.number("CPU_NS_" + kind) - run.number("CPU_COMPILER_MS_" + kind) * 1_000_000L) / streams;
    }
}
