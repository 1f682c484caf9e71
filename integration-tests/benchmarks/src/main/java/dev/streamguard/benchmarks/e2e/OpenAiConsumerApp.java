package dev.streamguard.benchmarks.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;

/**
 * The end-to-end benchmark's application for openai-java: chat completions streamed on OkHttp and accumulated
 * with {@code ChatCompletionAccumulator}, measured as {@link PacedStreamRun} says.
 * Usage: {@code OpenAiConsumerApp <upstream-root> <events> <warm-up-events> <warm-up-streams>}.
 */
public final class OpenAiConsumerApp {
    private OpenAiConsumerApp() {
    }

    public static void main(String[] args) throws Exception {
        PacedStreamRun.main(args, OpenAiConsumerApp::read);
    }

    private static void read(String root, int events, PacedStreamRun.Stream stream) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(root + "/" + events + "/v1").apiKey("sk-bench").maxRetries(0)
                .timeout(Duration.ofMinutes(5)).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Count.").build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(params)) {
            chunks.stream().forEach(chunk -> {
                // The delivery latency ends when the chunk reaches the application, before it accumulates it.
                stream.delta(chunk.choices().get(0).delta().content().orElse(null));
                accumulator.accumulate(chunk);
            });
        } finally {
            client.close();
        }
        stream.finish = String.valueOf(accumulator.chatCompletion().choices().get(0).finishReason());
    }
}
