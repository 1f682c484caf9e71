package dev.streamguard.it.client;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolCall;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolDefinition;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolDefinitionFunction;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatCompletionsToolCall;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.HttpClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One streaming chat completions call per target through Azure's {@code azure-ai-openai} SDK
 * ({@code OpenAIClient.getChatCompletionsStream}), which streams on azure-core-http-netty, that is Reactor
 * Netty, with two tools: {@code get_weather} (required {@code city}) and {@code get_time} (optional
 * {@code tz}). The endpoint is the root URL, as for an Azure OpenAI resource (the SDK appends
 * {@code /openai/deployments/gpt-4o/chat/completions}); the key goes in the {@code api-key} header the
 * application adds itself, because the SDK's own key credential refuses plain HTTP. No retries, a 5 s read
 * timeout. The SDK gives tool-call deltas without an index: as in Azure's samples, a delta with an id starts
 * a call and one without continues the last. Usage: {@code AzureOpenAiApp <callTimeoutMillis> <root-url>...}.
 */
public final class AzureOpenAiApp {
    private AzureOpenAiApp() {
    }

    public static void main(String[] args) {
        long timeout = Long.parseLong(args[0]);
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), timeout, root -> report -> call(root, report));
    }

    private static ChatCompletionsFunctionToolDefinition tool(String name, String description, String schema) {
        return new ChatCompletionsFunctionToolDefinition(new ChatCompletionsFunctionToolDefinitionFunction(name)
                .setDescription(description).setParameters(BinaryData.fromString(schema)));
    }

    static void call(String root, ChatOutput.Report report) {
        OpenAIClient client = new OpenAIClientBuilder().endpoint(root)
                .addPolicy(new AddHeadersPolicy(new HttpHeaders().set(HttpHeaderName.fromString("api-key"), "azure-test-key")))
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .httpClient(HttpClient.createDefault(new HttpClientOptions().setReadTimeout(ChatOutput.sdkTimeout())))
                .buildClient();
        ChatCompletionsOptions options = new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("Weather in Paris?")))
                .setTools(List.of(
                        tool("get_weather", "Get the weather in a city",
                                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"),
                        tool("get_time", "Get the time in a time zone", "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}")));
        List<String[]> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (ChatCompletions chunk : client.getChatCompletionsStream("gpt-4o", options)) {
            for (ChatChoice choice : chunk.getChoices()) {
                if (choice.getDelta() != null) {
                    if (choice.getDelta().getContent() != null) {
                        text.append(choice.getDelta().getContent());
                    }
                    if (choice.getDelta().getToolCalls() != null) {
                        for (ChatCompletionsToolCall tc : choice.getDelta().getToolCalls()) {
                            accumulate(calls, (ChatCompletionsFunctionToolCall) tc);
                        }
                    }
                }
                if (choice.getFinishReason() != null) {
                    finish = choice.getFinishReason().toString();
                }
            }
        }
        for (String[] c : calls) {
            report.tool(c[0], c[1], c[2]);
        }
        if (text.length() > 0) {
            report.text(text.toString());
        }
        report.finish(finish);
        report.completed();
    }

    private static void accumulate(List<String[]> calls, ChatCompletionsFunctionToolCall delta) {
        String name = delta.getFunction() == null ? null : delta.getFunction().getName();
        String arguments = delta.getFunction() == null ? null : delta.getFunction().getArguments();
        if (delta.getId() != null || calls.isEmpty()) {
            calls.add(new String[] {delta.getId(), name, arguments == null ? "" : arguments});
            return;
        }
        String[] last = calls.get(calls.size() - 1);
        if (name != null && !name.isEmpty()) {
            last[1] = last[1] == null ? name : last[1] + name;
        }
        if (arguments != null) {
            last[2] += arguments;
        }
    }
}
