package dev.streamguard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * openai-java (or Spring AI 1.x on Reactor Netty) consuming a paced loopback stream (default 100,000 events,
 * one every 250 microseconds, slower than the SDK's own cost per chunk, so that latency measures delivery,
 * not a queue) without and with StreamGuard, alternating, several runs each: the CPU time of the whole
 * client process (its start, the warm-up streams and the measured one), of the measured stream alone (all
 * threads), of the threads that delivered its events (the caller's for openai-java, Reactor Netty's event
 * loop for Spring AI: the application's own work and the guard's, without JIT, GC or background threads), the JIT's
 * compilation time (during the measured stream, and in all: the guard's code is compiled once per JVM),
 * and the per-event delivery latency (upstream write to SDK chunk) at p50 and p99. Every run's value is
 * printed after the medians: on a small shared machine they vary by several percent.
 * Usage: {@code EndToEndBenchmark [events] [runs] [interval-microseconds] [warm-up-events] [warm-up-streams] [client]}
 * (defaults 100000, 5, 250, 20000, 20 and {@code openai-java}: the warm-up events are split evenly over the
 * warm-up streams; the client {@code spring-ai1} is Spring AI 1.x's OpenAiChatModel on WebClient and Reactor Netty).
 */
public final class EndToEndBenchmark {
    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long intervalMicros = args.length > 2 ? Long.parseLong(args[2]) : 250;
        int warmUpEvents = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int warmUpStreams = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String client = args.length > 5 ? args[5] : "openai-java";
        if (!client.equals("openai-java") && !client.equals("spring-ai1")) {
            throw new IllegalArgumentException("client: openai-java or spring-ai1, not " + client);
        }
        boolean springAi = client.equals("spring-ai1");
        Child.Libraries libraries = springAi ? Child.Libraries.SPRING_AI1 : Child.Libraries.APP;
        String app = springAi ? "dev.streamguard.benchmarks.e2e.SpringAi1ConsumerApp" : OpenAiConsumerApp.class.getName();
        List<Child.Run> without = new ArrayList<>();
        List<Child.Run> with = new ArrayList<>();
        try (LoopbackUpstream upstream = new LoopbackUpstream(intervalMicros * 1000)) {
            String[] appArgs = {upstream.url("/paced"), String.valueOf(events), String.valueOf(warmUpEvents), String.valueOf(warmUpStreams)};
            for (int i = 0; i < runs; i++) {
                without.add(check(Child.run(libraries, List.of(), app, appArgs), events));
                with.add(check(Child.run(libraries, List.of(Child.agentFlag()), app, appArgs), events));
                System.err.print(".");
            }
        }
        System.err.println();
        System.out.printf("%s, %,d events after %,d of warm-up in %d streams, one every %d us (%s), medians of %d runs each, alternating%n",
                springAi ? "Spring AI 1.x OpenAiChatModel on WebClient and Reactor Netty" : "openai-java", events, warmUpEvents, warmUpStreams, intervalMicros, Child.jvm(), runs);
        System.out.println("                      no agent   StreamGuard   ratio / added");
        row("process CPU (ms)", without, with, "PROCESS_CPU_NS", 1e6, true);
        row("stream CPU (ms)", without, with, "STREAM_CPU_NS", 1e6, true);
        row("reader CPU (ms)", without, with, "THREAD_CPU_NS", 1e6, true);
        row("JIT, stream (ms)", without, with, "STREAM_JIT_MS", 1, true);
        row("JIT, process (ms)", without, with, "PROCESS_JIT_MS", 1, true);
        row("JIT threads (ms)", without, with, "CPU_COMPILER_MS", 1, true);
        row("GC threads (ms)", without, with, "CPU_GC_MS", 1, true);
        row("other threads (ms)", without, with, "CPU_OTHER_MS", 1, true);
        row("ended threads (ms)", without, with, "CPU_EXITED_MS", 1, true);
        row("latency p50 (us)", without, with, "P50_NS", 1e3, false);
        row("latency p99 (us)", without, with, "P99_NS", 1e3, false);
    }

    private static Child.Run check(Child.Run run, int events) {
        if (run.exit != 0 || run.number("EVENTS") != events || !"stop".equalsIgnoreCase(run.values.get("FINISH"))) {
            throw new IllegalStateException("a run failed, exit " + run.exit + ", " + run.values + ":\n" + run.stderr);
        }
        return run;
    }

    private static void row(String name, List<Child.Run> without, List<Child.Run> with, String key, double unit, boolean ratio) {
        long a = Child.median(values(without, key));
        long b = Child.median(values(with, key));
        String change = !ratio ? String.format("%+.1f us", (b - a) / 1e3)
                : a == 0 ? String.format("%+.0f", (b - a) / unit) : String.format("x%.3f", (double) b / a);
        System.out.printf("  %-18s %10.1f  %12.1f   %-10s  runs: %s | %s%n", name, a / unit, b / unit, change,
                Child.eachRun(values(without, key), unit), Child.eachRun(values(with, key), unit));
    }

    private static List<Long> values(List<Child.Run> runs, String key) {
        List<Long> values = new ArrayList<>();
        for (Child.Run run : runs) {
            values.add(run.number(key));
        }
        return values;
    }
}
