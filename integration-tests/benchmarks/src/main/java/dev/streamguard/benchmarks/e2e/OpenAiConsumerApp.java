package dev.streamguard.benchmarks.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.Arrays;

/**
 * The application of the end-to-end benchmark: openai-java streaming chat completions, accumulated with
 * {@code ChatCompletionAccumulator}, from {@link LoopbackUpstream}'s paced stream: first warm-up streams (a
 * service has served requests before), then, from 4 s after the start on (past the agent's one-time work:
 * Byte Buddy's warm-up, the MBean registration at 3 s), the measured one. The warm-up is several streams,
 * not one long one: the end of a JVM's first stream and the start of the next take branches the JIT had
 * never seen, C2 drops the code it compiled for them and compiles it again during the next stream, in
 * either JVM; after a few streams that has settled, as in a service. Each content delta is the upstream's
 * System.nanoTime() when it wrote the event; the delay to its arrival here is the delivery latency. Prints
 * the event count, latency percentiles, CPU time (of the process, of the measured stream on all threads,
 * and of the thread that read it, where the guard's own work runs) and the JIT's compilation time, during
 * the measured stream and in all.
 * Usage: {@code OpenAiConsumerApp <upstream-root> <events> <warm-up-events> <warm-up-streams>}.
 */
public final class OpenAiConsumerApp {
    private OpenAiConsumerApp() {
    }

    public static void main(String[] args) {
        String root = args[0];
        int events = Integer.parseInt(args[1]);
        int warmUpEvents = Integer.parseInt(args[2]);
        int warmUpStreams = Integer.parseInt(args[3]);
        long start = System.nanoTime();
        int eventsPerWarmUp = warmUpEvents / warmUpStreams;
        for (int i = 0; i < warmUpStreams; i++) {
            stream(root, eventsPerWarmUp, new long[eventsPerWarmUp]);
        }
        Child.waitPastAgentStart(start);
        long[] latencies = new long[events];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long jitBefore = jit.getTotalCompilationTime();
        long cpuBefore = Child.processCpuNanos();
        long threadCpuBefore = threads.getCurrentThreadCpuTime();
        Stream measured = stream(root, events, latencies);
        long threadCpu = threads.getCurrentThreadCpuTime() - threadCpuBefore;
        long streamCpu = Child.processCpuNanos() - cpuBefore;
        long jitAfter = jit.getTotalCompilationTime();
        long[] sorted = Arrays.copyOf(latencies, measured.count);
        Arrays.sort(sorted);
        System.out.println("EVENTS " + measured.count);
        System.out.println("FINISH " + measured.finish);
        System.out.println("P50_NS " + sorted[sorted.length / 2]);
        System.out.println("P99_NS " + sorted[(int) (sorted.length * 0.99)]);
        System.out.println("STREAM_CPU_NS " + streamCpu);
        System.out.println("THREAD_CPU_NS " + threadCpu);
        System.out.println("PROCESS_CPU_NS " + Child.processCpuNanos());
        System.out.println("STREAM_JIT_MS " + (jitAfter - jitBefore));
        System.out.println("PROCESS_JIT_MS " + jitAfter);
        System.exit(0);
    }

    /** What one stream gave: its content deltas and finish reason. */
    private static final class Stream {
        int count;
        String finish;
    }

    private static Stream stream(String root, int events, long[] latencies) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(root + "/" + events + "/v1").apiKey("sk-bench").maxRetries(0)
                .timeout(Duration.ofMinutes(5)).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Count.").build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        Stream result = new Stream();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                long now = System.nanoTime();
                accumulator.accumulate(chunk);
                chunk.choices().get(0).delta().content().filter(c -> !c.isEmpty())
                        .ifPresent(c -> latencies[result.count++] = now - Long.parseLong(c));
            });
        } finally {
            client.close();
        }
        result.finish = String.valueOf(accumulator.chatCompletion().choices().get(0).finishReason());
        return result;
    }
}
