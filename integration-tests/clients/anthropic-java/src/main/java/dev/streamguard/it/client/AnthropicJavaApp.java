package dev.streamguard.it.client;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One streaming message per target through anthropic-java (its OkHttp client), accumulated with
 * {@code MessageAccumulator}, with two tools: {@code get_weather} (required {@code city}) and {@code now}
 * (no parameters). Retries off, 5 s timeout.
 * Usage: {@code AnthropicJavaApp <callTimeoutMillis> <root-url>...}; the SDK appends {@code /v1/messages}.
 */
public final class AnthropicJavaApp {
    private AnthropicJavaApp() {
    }

    public static void main(String[] args) {
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), Long.parseLong(args[0]), root -> report -> call(root, report));
    }

    static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .addUserMessage("Weather in Paris?")
                .addTool(Tool.builder().name("get_weather").description("Get the weather in a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .required(List.of("city"))
                                .build())
                        .build())
                .addTool(Tool.builder().name("now").description("The current time")
                        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of())).build())
                        .build())
                .build();
    }

    static void call(String root, ChatOutput.Report report) throws Exception {
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl(root)
                .apiKey("sk-ant-test")
                .maxRetries(0)
                .timeout(ChatOutput.sdkTimeout())
                .build();
        try {
            MessageAccumulator accumulator = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params())) {
                stream.stream().forEach(accumulator::accumulate);
            }
            Message message = accumulator.message();
            StringBuilder text = new StringBuilder();
            for (ContentBlock block : message.content()) {
                if (block.isText()) {
                    text.append(block.asText().text());
                } else if (block.isToolUse()) {
                    ToolUseBlock t = block.asToolUse();
                    report.tool(t.id(), t.name(), ObjectMappers.jsonMapper().writeValueAsString(t._input()));
                }
            }
            if (text.length() > 0) {
                report.text(text.toString());
            }
            report.finish(message.stopReason().map(Object::toString).orElse(null));
            report.completed();
        } finally {
            client.close();
        }
    }
}
