package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application of the concurrency benchmark: rounds of N concurrent streams of a 600-token text
 * completion, one thread each (the same N threads every round), through the instrumented HTTP stacks named
 * ({@link StreamFetchers}: one, several separated by commas, {@code both} for the JDK client and OkHttp, or
 * {@code all}), taken in turn.
 * Every body must be the upstream's bytes exactly. Warm-up rounds come first: with seven HTTP stacks, 500
 * threads and two cores the JIT is still compiling the stacks' code (with or without the agent) a hundred rounds
 * in, a one-time cost that would otherwise be counted per stream; after them the application waits for the JIT's
 * threads to go idle ({@link Child#awaitJitIdle}). The measured rounds start 4 s after the start at the earliest
 * ({@link Child#waitPastAgentStart}). Prints the streams that arrived intact, the wall time of the
 * measured rounds, the process CPU time they took and how much of it went to the JIT's and the collector's
 * threads, and how many of them the agent guarded (its {@code StreamsGuarded}; -1 without it), so that a stack
 * whose hook did not engage shows.
 * Usage: {@code ConcurrencyApp <url> <streams> <rounds> <warm-up rounds> [both|all|stack[,stack...]] [excluded url]}.
 * With an excluded URL (one the agent's {@code exclude-urls} leaves alone, same body), rounds alternate between the
 * two, warm-up included, the measured ones in the order guarded, excluded, excluded, guarded: the agent's cost is
 * then measured side by side in one JVM ({@link ConcurrencySideBySide}), and each kind's wall and CPU time is
 * printed apart.
 */
public final class ConcurrencyApp {
    private ConcurrencyApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int streams = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int warmUpRounds = Integer.parseInt(args[3]);
        List<StreamFetchers.Fetcher> fetchers = new ArrayList<>();
        for (String name : stacks(args.length > 4 ? args[4] : "both")) {
            fetchers.add(StreamFetchers.create(name));
        }
        String excluded = args.length > 5 ? args[5] : null;
        StreamThreads threads = new StreamThreads(fetchers, streams);
        AtomicInteger intact = new AtomicInteger();
        long start = System.nanoTime();
        for (int r = 0; r < warmUpRounds; r++) {
            threads.round(new AtomicInteger(), excluded != null && r % 2 == 1 ? excluded : url);
        }
        // The methods the JIT still has queued, compiled before the measurement rather than during it.
        long jitWait = Child.awaitJitIdle(20_000);
        Child.waitPastAgentStart(start);
        // The agent counts a stream when its upstream ends, which may come after the application had its end.
        long guardedBefore = awaitGuarded((excluded == null ? warmUpRounds : (warmUpRounds + 1) / 2) * (long) streams);
        if (excluded != null) {
            sideBySide(threads, url, excluded, rounds, intact);
            long guardedAfter = awaitGuarded(guardedBefore + guardedRounds(rounds) * (long) streams);
            System.out.println("GUARDED " + (guardedBefore < 0 || guardedAfter < 0 ? -1 : guardedAfter - guardedBefore));
            System.exit(0);
        }
        long cpuBefore = Child.processCpuNanos();
        Map<String, Long> threadsBefore = Child.liveThreadCpuMillis();
        long measuredStart = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            threads.round(intact, url);
        }
        long wall = System.nanoTime() - measuredStart;
        System.out.println("INTACT " + intact.get());
        System.out.println("JIT_WAIT_MS " + jitWait);
        System.out.println("WALL_NS " + wall);
        System.out.println("CPU_NS " + (Child.processCpuNanos() - cpuBefore));
        Map<String, Long> threadsAfter = Child.liveThreadCpuMillis();
        System.out.println("CPU_COMPILER_MS " + (threadsAfter.get("compiler") - threadsBefore.get("compiler")));
        System.out.println("CPU_GC_MS " + (threadsAfter.get("gc") - threadsBefore.get("gc")));
        long guardedAfter = guardedBefore < 0 ? streamsGuarded() : awaitGuarded(guardedBefore + rounds * (long) streams);
        System.out.println("GUARDED " + (guardedBefore < 0 || guardedAfter < 0 ? -1 : guardedAfter - guardedBefore));
        System.exit(0);
    }

    /**
     * The measured rounds of a side-by-side run: guarded, excluded, excluded, guarded, and so on, so that a drift of the
     * machine during the run weighs on both kinds alike. Prints each kind's wall time, CPU time and the JIT's threads'
     * share of it, summed over its rounds.
     */
    private static void sideBySide(StreamThreads threads, String url, String excluded, int rounds, AtomicInteger intact) throws Exception {
        long[] wall = new long[2];
        long[] cpu = new long[2];
        long[] jit = new long[2];
        long[][] switches = new long[2][2];
        StringBuilder times = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            int kind = isGuardedRound(r) ? 0 : 1;
            long[] switchesBefore = Child.liveThreadContextSwitches();
            long jitBefore = Child.liveThreadCpuMillis().get("compiler");
            long cpuBefore = Child.processCpuNanos();
            long wallBefore = System.nanoTime();
            threads.round(intact, kind == 0 ? url : excluded);
            long wallAfter = System.nanoTime();
            wall[kind] += wallAfter - wallBefore;
            cpu[kind] += Child.processCpuNanos() - cpuBefore;
            jit[kind] += Child.liveThreadCpuMillis().get("compiler") - jitBefore;
            long[] switchesAfter = Child.liveThreadContextSwitches();
            for (int i = 0; i < 2; i++) {
                switches[kind][i] += switchesAfter[i] - switchesBefore[i];
            }
            times.append(kind == 0 ? "guarded " : "excluded ").append(wallBefore).append(' ').append(wallAfter).append('\n');
        }
        // For a profiler's samples of one JVM to be told apart by kind: on Linux, System.nanoTime() is the clock perf
        // stamps them with when given -k CLOCK_MONOTONIC.
        String timesFile = System.getProperty("bench.roundTimes");
        if (timesFile != null) {
            java.nio.file.Files.writeString(java.nio.file.Paths.get(timesFile), times);
        }
        System.out.println("INTACT " + intact.get());
        String[] names = {"GUARDED", "EXCLUDED"};
        for (int kind = 0; kind < 2; kind++) {
            System.out.println("WALL_NS_" + names[kind] + " " + wall[kind]);
            System.out.println("CPU_NS_" + names[kind] + " " + cpu[kind]);
            System.out.println("CPU_COMPILER_MS_" + names[kind] + " " + jit[kind]);
            System.out.println("SWITCHES_VOLUNTARY_" + names[kind] + " " + switches[kind][0]);
            System.out.println("SWITCHES_PREEMPTED_" + names[kind] + " " + switches[kind][1]);
        }
    }

    static boolean isGuardedRound(int round) {
        return round % 4 == 0 || round % 4 == 3;
    }

    static int guardedRounds(int rounds) {
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            n += isGuardedRound(r) ? 1 : 0;
        }
        return n;
    }

    /** The agent's count once it reached {@code atLeast} (or after 5 s, or -1 without the agent). */
    private static long awaitGuarded(long atLeast) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        long guarded = streamsGuarded();
        while (guarded >= 0 && guarded < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
            guarded = streamsGuarded();
        }
        return guarded;
    }

    /** The agent's count of the streams it guarded (its MBean), or -1 without the agent. */
    private static long streamsGuarded() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("dev.streamguard:type=StreamGuard");
        return server.isRegistered(name) ? ((Number) server.getAttribute(name, "StreamsGuarded")).longValue() : -1;
    }

    static List<String> stacks(String spec) {
        if (spec.equals("both")) {
            return List.of("jdk", "okhttp");
        }
        return spec.equals("all") ? StreamFetchers.NAMES : Arrays.asList(spec.split(","));
    }

    /**
     * One thread per concurrent stream, the same threads every round: a thread started and ended per stream cost
     * more than half of the CPU measured (see docs/PERFORMANCE.md), none of it the agent's. Each round, every
     * thread reads one stream; the main thread waits for all of them.
     */
    private static final class StreamThreads {
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private volatile String url;
        private volatile AtomicInteger intact = new AtomicInteger();

        StreamThreads(List<StreamFetchers.Fetcher> fetchers, int streams) {
            start = new CyclicBarrier(streams + 1);
            end = new CyclicBarrier(streams + 1);
            for (int i = 0; i < streams; i++) {
                StreamFetchers.Fetcher fetcher = fetchers.get(i % fetchers.size());
                Thread t = new Thread(() -> readEachRound(fetcher), "stream-" + i);
                t.setDaemon(true);
                t.start();
            }
        }

        private void readEachRound(StreamFetchers.Fetcher fetcher) {
            try {
                while (true) {
                    start.await();
                    try {
                        if (Arrays.equals(fetcher.fetch(url), LoopbackUpstream.TEXT)) {
                            intact.incrementAndGet();
                        }
                    } catch (Exception e) {
                        System.err.println(e);
                    }
                    end.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                System.err.println(e);
            }
        }

        /** One round: every thread reads a stream from {@code roundUrl}; the intact ones are counted in {@code counted}. */
        void round(AtomicInteger counted, String roundUrl) throws InterruptedException, BrokenBarrierException {
            intact = counted;
            url = roundUrl;
            start.await();
            end.await();
        }
    }
}
