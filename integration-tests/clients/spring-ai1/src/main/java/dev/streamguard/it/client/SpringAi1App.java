package dev.streamguard.it.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.anthropic.api.AnthropicApi;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One streaming call per target through Spring AI 1.x's {@code OpenAiChatModel} or {@code AnthropicChatModel}
 * ({@code ChatModel.stream}), built as Spring Boot's auto-configuration builds them but without a Spring
 * context, with tool execution left to the application so that the tool calls come back in the response.
 * Two tools: {@code get_weather} (required {@code city}) and, for OpenAI, {@code get_time} (optional
 * {@code tz}), for Anthropic {@code now} (no parameters). The models stream through Spring's
 * {@code WebClient}: on Reactor Netty (what WebFlux applications get) or on the JDK HttpClient connector
 * (what a Spring MVC application gets when Reactor Netty is absent). No retries; Spring AI 1.x sets no read
 * timeout on a stream. The application reads the responses as one answer: the text of every generation but
 * Anthropic's thinking, and each tool call once (AnthropicChatModel hands the last tool call of a message
 * over again, the same, in the response that carries the stop reason: that repeat is left out). Usage: {@code SpringAi1App <openai|anthropic> <reactor|jdk> <callTimeoutMillis>
 * <root-url>...}; the models append {@code /v1/chat/completions} or {@code /v1/messages} to the root.
 */
public final class SpringAi1App {
    private SpringAi1App() {
    }

    public static void main(String[] args) {
        boolean openai = args[0].equals("openai");
        boolean jdkConnector = args[1].equals("jdk");
        long timeout = Long.parseLong(args[2]);
        ChatOutput.runAll(Arrays.asList(args).subList(3, args.length), timeout,
                root -> report -> call(openai, jdkConnector, root, report, timeout));
    }

    /** A tool the model may call; with internal tool execution off, the model never runs it. */
    static ToolCallback tool(String name, String description, String schema) {
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return DefaultToolDefinition.builder().name(name).description(description).inputSchema(schema).build();
            }

            @Override
            public String call(String input) {
                throw new IllegalStateException("the tool must not run here: " + input);
            }
        };
    }

    /** Anthropic's thinking (and redacted thinking) comes as a generation of its own, told by its properties. */
    private static boolean isThinking(AssistantMessage m) {
        return m.getMetadata().containsKey("signature") || m.getMetadata().containsKey("data");
    }

    static void call(boolean openai, boolean jdkConnector, String root, ChatOutput.Report report, long timeout) {
        WebClient.Builder webClient = WebClient.builder();
        if (jdkConnector) {
            webClient.clientConnector(new JdkClientHttpConnector());
        }
        RetryTemplate noRetry = RetryTemplate.builder().maxAttempts(1).build();
        ToolCallback weather = tool("get_weather", "Get the weather in a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ChatModel model;
        ChatOptions options;
        if (openai) {
            OpenAiChatOptions o = OpenAiChatOptions.builder().model("gpt-4o").internalToolExecutionEnabled(false)
                    .toolCallbacks(List.of(weather, tool("get_time", "Get the time in a time zone",
                            "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}")))
                    .build();
            OpenAiApi api = OpenAiApi.builder().baseUrl(root).apiKey("sk-test").webClientBuilder(webClient).build();
            model = OpenAiChatModel.builder().openAiApi(api).defaultOptions(o).retryTemplate(noRetry).build();
            options = o;
        } else {
            AnthropicChatOptions o = AnthropicChatOptions.builder().model("claude-sonnet-4-5").maxTokens(1024)
                    .internalToolExecutionEnabled(false)
                    .toolCallbacks(List.of(weather, tool("now", "The current time", "{\"type\":\"object\",\"properties\":{}}")))
                    .build();
            AnthropicApi api = AnthropicApi.builder().baseUrl(root).apiKey("sk-ant-test").webClientBuilder(webClient).build();
            model = AnthropicChatModel.builder().anthropicApi(api).defaultOptions(o).retryTemplate(noRetry).build();
            options = o;
        }
        List<ChatResponse> responses = model.stream(new Prompt("Weather in Paris?", options))
                .collectList().block(Duration.ofMillis(timeout + 60_000));
        StringBuilder text = new StringBuilder();
        String finish = null;
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (ChatResponse r : responses) {
            for (Generation g : r.getResults()) {
                AssistantMessage m = g.getOutput();
                if (m.getText() != null && !isThinking(m)) {
                    text.append(m.getText());
                }
                for (AssistantMessage.ToolCall tc : m.getToolCalls()) {
                    if (openai || calls.isEmpty() || !calls.get(calls.size() - 1).equals(tc)) {
                        calls.add(tc);
                    }
                }
                String f = g.getMetadata().getFinishReason();
                if (f != null && !f.isEmpty()) {
                    finish = f;
                }
            }
        }
        for (AssistantMessage.ToolCall tc : calls) {
            report.tool(tc.id(), tc.name(), tc.arguments());
        }
        if (text.length() > 0) {
            report.text(text.toString());
        }
        report.finish(finish);
        report.completed();
    }
}
