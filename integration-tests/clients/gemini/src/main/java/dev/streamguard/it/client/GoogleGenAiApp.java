package dev.streamguard.it.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One streaming call per target through google-genai's {@code models.generateContentStream} (its OkHttp client),
 * with two function declarations: {@code get_weather} (required {@code city}) and {@code get_time} (optional
 * {@code tz}). The SDK hands over the chunks as they come and merges nothing, so the application does what its
 * docs show: it collects the function calls of every chunk (name, args as JSON; a call has no id on the Gemini
 * API), concatenates their text, and takes the first candidate's last {@code finishReason} and the response id
 * (as a note). Retries off, 5 s timeout.
 * Usage: {@code GoogleGenAiApp <callTimeoutMillis> <root-url>...}; the SDK's base URL is the root itself.
 */
public final class GoogleGenAiApp {
    static final String MODEL = "gemini-2.5-flash";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoogleGenAiApp() {
    }

    public static void main(String[] args) {
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), Long.parseLong(args[0]), root -> report -> call(root, report));
    }

    static GenerateContentConfig config() {
        return GenerateContentConfig.builder()
                .tools(Tool.builder().functionDeclarations(
                        function("get_weather", "Get the weather in a city", "city", true),
                        function("get_time", "Get the time in a time zone", "tz", false)).build())
                .build();
    }

    private static FunctionDeclaration function(String name, String description, String parameter, boolean required) {
        Schema.Builder parameters = Schema.builder().type(Type.Known.OBJECT)
                .properties(Map.of(parameter, Schema.builder().type(Type.Known.STRING).build()));
        if (required) {
            parameters.required(List.of(parameter));
        }
        return FunctionDeclaration.builder().name(name).description(description).parameters(parameters.build()).build();
    }

    static void call(String root, ChatOutput.Report report) throws Exception {
        HttpOptions http = HttpOptions.builder()
                .baseUrl(root)
                .timeout((int) ChatOutput.sdkTimeout().toMillis())
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build();
        try (Client client = Client.builder().apiKey("test-key").httpOptions(http).build()) {
            StringBuilder text = new StringBuilder();
            String finish = null;
            String responseId = null;
            try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "Weather in Paris?", config())) {
                for (GenerateContentResponse chunk : stream) {
                    responseId = chunk.responseId().orElse(responseId);
                    for (FunctionCall call : chunk.functionCalls()) {
                        report.tool(call.id().orElse(null), call.name().orElse(null), JSON.writeValueAsString(call.args().orElse(Map.of())));
                    }
                    List<Candidate> candidates = chunk.candidates().orElse(List.of());
                    if (candidates.isEmpty()) {
                        continue;
                    }
                    // The parts' text as GenerateContentResponse.text() joins it, without its warning about the other parts.
                    for (Part part : candidates.get(0).content().flatMap(Content::parts).orElse(List.of())) {
                        if (!part.thought().orElse(false)) {
                            part.text().ifPresent(text::append);
                        }
                    }
                    if (candidates.get(0).finishReason().isPresent()) {
                        finish = candidates.get(0).finishReason().get().toString();
                    }
                }
            }
            if (text.length() > 0) {
                report.text(text.toString());
            }
            report.note("response " + responseId);
            report.finish(finish);
            report.completed();
        }
    }
}
