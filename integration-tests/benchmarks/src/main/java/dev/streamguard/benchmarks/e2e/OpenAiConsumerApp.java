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
 * The application of the end-to-end benchmark: one openai-java streaming chat completion, accumulated with
 * {@code ChatCompletionAccumulator}, from {@link LoopbackUpstream}'s paced stream. Each content delta is the
 * upstream's System.nanoTime() when it wrote the event; the delay to its arrival here is the delivery
 * latency. Prints the event count, latency percentiles and CPU time of the process and of the stream.
 */
public final class OpenAiConsumerApp {
    private OpenAiConsumerApp() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        long[] latencies = new long[Integer.parseInt(args[1])];
        int[] count = {0};
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0)
                .timeout(Duration.ofMinutes(5)).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Count.").build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        long cpuBefore = Child.processCpuNanos();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                long now = System.nanoTime();
                accumulator.accumulate(chunk);
                chunk.choices().get(0).delta().content().filter(c -> !c.isEmpty())
                        .ifPresent(c -> latencies[count[0]++] = now - Long.parseLong(c));
            });
        }
        long streamCpu = Child.processCpuNanos() - cpuBefore;
        client.close();
        long[] measured = Arrays.copyOf(latencies, count[0]);
        Arrays.sort(measured);
        System.out.println("EVENTS " + count[0]);
        System.out.println("FINISH " + accumulator.chatCompletion().choices().get(0).finishReason());
        System.out.println("P50_NS " + measured[measured.length / 2]);
        System.out.println("P99_NS " + measured[(int) (measured.length * 0.99)]);
        System.out.println("STREAM_CPU_NS " + streamCpu);
        System.out.println("PROCESS_CPU_NS " + Child.processCpuNanos());
        System.exit(0);
    }
}
