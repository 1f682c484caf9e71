package dev.streamguard.benchmarks.e2e;

import java.time.Duration;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/**
 * The end-to-end benchmark's application for Spring AI 1.x: {@code OpenAiChatModel.stream} on WebClient over
 * Reactor Netty (Spring Boot 3's versions), measured as {@link PacedStreamRun} says; the events reach the
 * application on Reactor Netty's event loop, where the guard runs too.
 * Usage: {@code SpringAi1ConsumerApp <upstream-root> <events> <warm-up-events> <warm-up-streams>}.
 */
public final class SpringAi1ConsumerApp {
    private SpringAi1ConsumerApp() {
    }

    public static void main(String[] args) throws Exception {
        PacedStreamRun.main(args, SpringAi1ConsumerApp::read);
    }

    private static void read(String root, int events, PacedStreamRun.Stream stream) {
        OpenAiApi api = OpenAiApi.builder().baseUrl(root + "/" + events).apiKey("sk-bench").build();
        OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o").build()).build();
        model.stream(new Prompt("Count.")).doOnNext(response -> {
            stream.delta(response.getResult() == null ? null : response.getResult().getOutput().getText());
            String finish = finish(response);
            if (finish != null) {
                stream.finish = finish;
            }
        }).blockLast(Duration.ofMinutes(5));
    }

    private static String finish(ChatResponse response) {
        if (response.getResult() == null) {
            return null;
        }
        String f = response.getResult().getMetadata().getFinishReason();
        return f == null || f.isEmpty() ? null : f;
    }
}
