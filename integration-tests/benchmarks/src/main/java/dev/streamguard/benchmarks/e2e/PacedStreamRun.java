package dev.streamguard.benchmarks.e2e;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the end-to-end benchmark's applications share: warm-up streams from {@link LoopbackUpstream}'s paced
 * stream (a service has served requests before), then, from 4 s after the start on (past the agent's
 * one-time work: hooks, Byte Buddy's warm-up where a client needs it, the MBean registration at 3 s), the measured one. The warm-up is
 * several streams, not one long one: the end of a JVM's first stream and the start of the next take branches
 * the JIT had never seen, C2 drops the code it compiled for them and compiles it again during the next
 * stream, in either JVM; after a few streams that has settled, as in a service. Each content delta is the
 * upstream's System.nanoTime() when it wrote the event; the delay to its arrival in the application is the
 * delivery latency. Prints the event count, the finish reason, latency percentiles, CPU time (of the process,
 * of the measured stream on all threads, and of the threads that delivered its events to the application,
 * where the guard's own work runs: the caller's for a blocking client, the event loop's for Reactor Netty)
 * and the JIT's compilation time, during the measured stream and in all.
 * Arguments: {@code <upstream-root> <events> <warm-up-events> <warm-up-streams>}.
 */
final class PacedStreamRun {
    /** Reads one paced stream through a client, reporting each content delta to {@code stream}. */
    interface Client {
        void read(String root, int events, Stream stream) throws Exception;
    }

    /** One stream as the application saw it: its content deltas' latencies, its finish reason, who delivered them. */
    static final class Stream {
        private final long[] latencies;
        private int count;
        private final Set<Long> readerThreads = ConcurrentHashMap.newKeySet();
        private long lastReader = -1;
        String finish;

        Stream(int events) {
            latencies = new long[events];
        }

        /** A content delta arrived now: {@code content} is the upstream's nanoTime when it wrote it. */
        void delta(String content) {
            long now = System.nanoTime();
            if (content != null && !content.isEmpty()) {
                latencies[count++] = now - Long.parseLong(content);
                long reader = Thread.currentThread().getId();
                if (reader != lastReader) {
                    readerThreads.add(reader);
                    lastReader = reader;
                }
            }
        }
    }

    private PacedStreamRun() {
    }

    static void main(String[] args, Client client) throws Exception {
        String root = args[0];
        int events = Integer.parseInt(args[1]);
        int warmUpEvents = Integer.parseInt(args[2]);
        int warmUpStreams = Integer.parseInt(args[3]);
        long start = System.nanoTime();
        int eventsPerWarmUp = warmUpEvents / warmUpStreams;
        for (int i = 0; i < warmUpStreams; i++) {
            client.read(root, eventsPerWarmUp, new Stream(eventsPerWarmUp));
        }
        Child.waitPastAgentStart(start);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        Stream measured = new Stream(events);
        long jitBefore = jit.getTotalCompilationTime();
        Map<Long, Long> threadCpuBefore = threadCpu(threads);
        long cpuBefore = Child.processCpuNanos();
        client.read(root, events, measured);
        long streamCpu = Child.processCpuNanos() - cpuBefore;
        long readerCpu = 0;
        for (long id : measured.readerThreads) {
            readerCpu += threads.getThreadCpuTime(id) - threadCpuBefore.getOrDefault(id, 0L);
        }
        long jitAfter = jit.getTotalCompilationTime();
        long[] sorted = Arrays.copyOf(measured.latencies, measured.count);
        Arrays.sort(sorted);
        System.out.println("EVENTS " + measured.count);
        System.out.println("FINISH " + measured.finish);
        System.out.println("P50_NS " + sorted[sorted.length / 2]);
        System.out.println("P99_NS " + sorted[(int) (sorted.length * 0.99)]);
        System.out.println("STREAM_CPU_NS " + streamCpu);
        System.out.println("THREAD_CPU_NS " + readerCpu);
        System.out.println("PROCESS_CPU_NS " + Child.processCpuNanos());
        System.out.println("STREAM_JIT_MS " + (jitAfter - jitBefore));
        System.out.println("PROCESS_JIT_MS " + jitAfter);
        // The same 10 ms ticks of /proc as the threads' figures, so that the difference is the ended threads' alone.
        long processMillis = Child.cpuMillisFromProc();
        long liveMillis = 0;
        for (Map.Entry<String, Long> group : Child.liveThreadCpuMillis().entrySet()) {
            System.out.println("CPU_" + group.getKey().toUpperCase(java.util.Locale.ROOT) + "_MS " + group.getValue());
            liveMillis += group.getValue();
        }
        System.out.println("CPU_EXITED_MS " + Math.max(0, processMillis - liveMillis));
        System.exit(0);
    }

    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }
}
