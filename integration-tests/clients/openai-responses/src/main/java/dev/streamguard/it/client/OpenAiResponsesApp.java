package dev.streamguard.it.client;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One streaming Responses API call per target through openai-java (its OkHttp client), accumulated with
 * {@code ResponseAccumulator.create()} as its README shows, with two function tools: {@code get_weather}
 * (required {@code city}) and {@code get_time} (optional {@code tz}). It reports what an application reads of
 * the accumulated {@code Response}: its function calls (call_id, name, arguments), its output text, its status
 * as the finish reason, the response's id (which an application passes on as {@code previous_response_id}) as a
 * note, and the error a failed response carries as a note. Retries off, 5 s timeout.
 * Usage: {@code OpenAiResponsesApp <callTimeoutMillis> <root-url>...}; the SDK's base URL is {@code root + "/v1"}.
 */
public final class OpenAiResponsesApp {
    private OpenAiResponsesApp() {
    }

    public static void main(String[] args) {
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), Long.parseLong(args[0]), root -> report -> call(root, report));
    }

    static ResponseCreateParams params() {
        return ResponseCreateParams.builder()
                .model("gpt-4o")
                .input("Weather in Paris?")
                .addTool(tool("get_weather", "Get the weather in a city", "city", true))
                .addTool(tool("get_time", "Get the time in a time zone", "tz", false))
                .build();
    }

    private static FunctionTool tool(String name, String description, String parameter, boolean required) {
        FunctionTool.Parameters.Builder parameters = FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(parameter, Map.of("type", "string"))));
        if (required) {
            parameters.putAdditionalProperty("required", JsonValue.from(List.of(parameter)));
        }
        return FunctionTool.builder().name(name).description(description).parameters(parameters.build()).strict(false).build();
    }

    static void call(String root, ChatOutput.Report report) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(root + "/v1")
                .apiKey("sk-test")
                .maxRetries(0)
                .timeout(ChatOutput.sdkTimeout())
                .build();
        try {
            ResponseAccumulator accumulator = ResponseAccumulator.create();
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params())) {
                stream.stream().forEach(accumulator::accumulate);
            }
            Response response = accumulator.response();
            StringBuilder text = new StringBuilder();
            for (ResponseOutputItem item : response.output()) {
                item.message().ifPresent(message -> {
                    for (ResponseOutputMessage.Content content : message.content()) {
                        content.outputText().ifPresent(t -> text.append(t.text()));
                    }
                });
                if (item.isFunctionCall()) {
                    ResponseFunctionToolCall call = item.asFunctionCall();
                    report.tool(call.callId(), call.name(), call.arguments());
                }
            }
            if (text.length() > 0) {
                report.text(text.toString());
            }
            report.note("response " + response.id());
            response.error().ifPresent(e -> report.note("error " + e.code().asString() + ": " + e.message()));
            report.finish(response.status().map(s -> s.asString()).orElse(null));
            report.completed();
        } finally {
            client.close();
        }
    }
}
