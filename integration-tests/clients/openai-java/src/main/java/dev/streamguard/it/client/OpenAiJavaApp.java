package dev.streamguard.it.client;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One streaming chat completion per target through openai-java (its OkHttp client), accumulated with
 * {@code ChatCompletionAccumulator} as its documentation shows, with two tools: {@code get_weather}
 * (required {@code city}) and {@code get_time} (optional {@code tz}). Retries off, 5 s timeout.
 * Usage: {@code OpenAiJavaApp <callTimeoutMillis> <root-url>...}; the SDK's base URL is {@code root + "/v1"}.
 */
public final class OpenAiJavaApp {
    private OpenAiJavaApp() {
    }

    public static void main(String[] args) {
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), Long.parseLong(args[0]), root -> report -> call(root, report));
    }

    static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Weather in Paris?")
                .addTool(tool("get_weather", "Get the weather in a city", "city", true))
                .addTool(tool("get_time", "Get the time in a time zone", "tz", false))
                .build();
    }

    private static ChatCompletionFunctionTool tool(String name, String description, String parameter, boolean required) {
        FunctionParameters.Builder parameters = FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(parameter, Map.of("type", "string"))));
        if (required) {
            parameters.putAdditionalProperty("required", JsonValue.from(List.of(parameter)));
        }
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name(name).description(description).parameters(parameters.build()).build())
                .build();
    }

    static void call(String root, ChatOutput.Report report) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(root + "/v1")
                .apiKey("sk-test")
                .maxRetries(0)
                .timeout(ChatOutput.sdkTimeout())
                .build();
        try {
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
                stream.stream().forEach(accumulator::accumulate);
            }
            ChatCompletion completion = accumulator.chatCompletion();
            ChatCompletion.Choice choice = completion.choices().get(0);
            choice.message().content().ifPresent(report::text);
            for (ChatCompletionMessageToolCall call : choice.message().toolCalls().orElse(List.of())) {
                ChatCompletionMessageFunctionToolCall f = call.asFunction();
                report.tool(f.id(), f.function().name(), f.function().arguments());
            }
            report.finish(choice.finishReason().toString());
            report.completed();
        } finally {
            client.close();
        }
    }
}
