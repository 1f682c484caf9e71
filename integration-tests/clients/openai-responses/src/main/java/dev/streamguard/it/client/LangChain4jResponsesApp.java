package dev.streamguard.it.client;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import java.util.Arrays;

/**
 * One streaming Responses API call per target through LangChain4j's {@code OpenAiResponsesStreamingChatModel}
 * on its default HTTP client (the JDK HttpClient), with two tools: {@code get_weather} (required {@code city})
 * and {@code get_time} (optional {@code tz}). The model has no timeout of its own: its HTTP client gets the
 * 5 s connect and read timeouts the other applications give their SDKs. The application waits for the first
 * of onCompleteResponse and onError; a second terminal callback within 300 ms of
 * the first (after either of them) is noted, {@code then onCompleteResponse} or {@code then onError <error>}.
 * It reports the tool execution requests, the text, the finish reason, and the response's id as a note.
 * Usage: {@code LangChain4jResponsesApp <callTimeoutMillis> <root-url>...}; the base URL is {@code root + "/v1"}.
 */
public final class LangChain4jResponsesApp {
    private LangChain4jResponsesApp() {
    }

    public static void main(String[] args) {
        ChatOutput.runAll(Arrays.asList(args).subList(1, args.length), Long.parseLong(args[0]), root -> report -> call(root, report));
    }

    static OpenAiResponsesStreamingChatModel model(String root) {
        return OpenAiResponsesStreamingChatModel.builder()
                .httpClientBuilder(HttpClientBuilderLoader.loadHttpClientBuilder()
                        .connectTimeout(ChatOutput.sdkTimeout())
                        .readTimeout(ChatOutput.sdkTimeout()))
                .baseUrl(root + "/v1")
                .apiKey("sk-test")
                .modelName("gpt-4o")
                .build();
    }

    static ChatRequest request() {
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Get the weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
                .build();
        ToolSpecification time = ToolSpecification.builder().name("get_time").description("Get the time in a time zone")
                .parameters(JsonObjectSchema.builder().addStringProperty("tz").build())
                .build();
        return ChatRequest.builder().messages(UserMessage.from("Weather in Paris?")).toolSpecifications(weather, time).build();
    }

    static void call(String root, ChatOutput.Report report) throws Throwable {
        TerminalCallbacks<ChatResponse> callbacks = new TerminalCallbacks<>();
        model(root).chat(request(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                callbacks.completed(response);
            }

            @Override
            public void onError(Throwable error) {
                callbacks.failed(error);
            }
        });
        ChatResponse response = callbacks.await(report);
        String text = response.aiMessage().text();
        if (text != null && !text.isEmpty()) {
            report.text(text);
        }
        for (ToolExecutionRequest t : response.aiMessage().toolExecutionRequests()) {
            report.tool(t.id(), t.name(), t.arguments());
        }
        report.note("response " + response.id());
        report.finish(response.finishReason() == null ? null : response.finishReason().toString());
        callbacks.noteSecond(report);
        report.completed();
    }
}
