package dev.streamguard.it.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;

/**
 * One streaming call per target through Spring AI 2's {@code OpenAiChatModel} or {@code AnthropicChatModel}
 * ({@code ChatModel.stream}, which in 2.x returns the model's tool calls without executing them), built
 * without a Spring context, with two tools: {@code get_weather} (required {@code city}) and, for OpenAI,
 * {@code get_time} (optional {@code tz}), for Anthropic {@code now} (no parameters). Retries off, 5 s timeout.
 * Usage: {@code SpringAiApp <openai|anthropic> <callTimeoutMillis> <root-url>...}; the base URL is
 * {@code root + "/v1"} for OpenAI and {@code root} for Anthropic (its SDK appends {@code /v1/messages}).
 */
public final class SpringAiApp {
    private SpringAiApp() {
    }

    public static void main(String[] args) {
        boolean openai = args[0].equals("openai");
        long timeout = Long.parseLong(args[1]);
        ChatOutput.runAll(Arrays.asList(args).subList(2, args.length), timeout, root -> report -> call(openai, root, report, timeout));
    }

    /** A tool the model may call; ChatModel.stream never executes it. */
    static ToolCallback tool(String name, String description, String schema) {
        return new ToolCallback() {
            @Override
            public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
                return DefaultToolDefinition.builder().name(name).description(description).inputSchema(schema).build();
            }

            @Override
            public String call(String input) {
                throw new IllegalStateException("the tool must not run here: " + input);
            }
        };
    }

    static void call(boolean openai, String root, ChatOutput.Report report, long timeout) {
        ToolCallback weather = tool("get_weather", "Get the weather in a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ChatModel model;
        ChatOptions options;
        if (openai) {
            OpenAiChatOptions o = OpenAiChatOptions.builder()
                    .baseUrl(root + "/v1").apiKey("sk-test").model("gpt-4o")
                    .maxRetries(0).timeout(ChatOutput.sdkTimeout())
                    .toolCallbacks(List.of(weather, tool("get_time", "Get the time in a time zone",
                            "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}")))
                    .build();
            model = OpenAiChatModel.builder().options(o).build();
            options = o;
        } else {
            AnthropicChatOptions o = AnthropicChatOptions.builder()
                    .baseUrl(root).apiKey("sk-ant-test").model("claude-sonnet-4-5").maxTokens(1024)
                    .maxRetries(0).timeout(ChatOutput.sdkTimeout())
                    .toolCallbacks(List.of(weather, tool("now", "The current time", "{\"type\":\"object\",\"properties\":{}}")))
                    .build();
            model = AnthropicChatModel.builder().options(o).build();
            options = o;
        }
        List<ChatResponse> responses = model.stream(new Prompt("Weather in Paris?", options))
                .collectList().block(Duration.ofMillis(timeout + 60_000));
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (ChatResponse r : responses) {
            for (Generation g : r.getResults()) {
                AssistantMessage m = g.getOutput();
                if (m.getText() != null) {
                    text.append(m.getText());
                }
                for (AssistantMessage.ToolCall tc : m.getToolCalls()) {
                    report.tool(tc.id(), tc.name(), tc.arguments());
                }
                String f = g.getMetadata().getFinishReason();
                if (f != null && !f.isEmpty()) {
                    finish = f;
                }
            }
        }
        if (text.length() > 0) {
            report.text(text.toString());
        }
        report.finish(finish);
        report.completed();
    }
}
