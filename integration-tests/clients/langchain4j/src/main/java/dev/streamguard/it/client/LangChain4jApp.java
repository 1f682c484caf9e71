package dev.streamguard.it.client;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Arrays;
import java.util.List;

/**
 * One streaming chat per target through LangChain4j's {@code OpenAiStreamingChatModel} or
 * {@code AnthropicStreamingChatModel}, each on its default HTTP client (the JDK HttpClient), with two
 * tools: {@code get_weather} (required {@code city}) and, for OpenAI, {@code get_time} (optional {@code tz}),
 * for Anthropic {@code now} (no parameters). The application waits for the first of onCompleteResponse and
 * onError (LangChain4j's streaming API has no retries); a second terminal callback is noted.
 * Usage: {@code LangChain4jApp <openai|anthropic> <callTimeoutMillis> <root-url>...}; the base URL is
 * {@code root + "/v1"} for both.
 */
public final class LangChain4jApp {
    private LangChain4jApp() {
    }

    public static void main(String[] args) {
        boolean openai = args[0].equals("openai");
        long timeout = Long.parseLong(args[1]);
        ChatOutput.runAll(Arrays.asList(args).subList(2, args.length), timeout, root -> report -> call(openai, root, report));
    }

    static StreamingChatModel model(boolean openai, String root) {
        if (openai) {
            return OpenAiStreamingChatModel.builder()
                    .baseUrl(root + "/v1")
                    .apiKey("sk-test")
                    .modelName("gpt-4o")
                    .timeout(ChatOutput.sdkTimeout())
                    .build();
        }
        return AnthropicStreamingChatModel.builder()
                .baseUrl(root + "/v1")
                .apiKey("sk-ant-test")
                .modelName("claude-sonnet-4-5")
                .maxTokens(1024)
                .timeout(ChatOutput.sdkTimeout())
                .build();
    }

    static ChatRequest request(boolean openai) {
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("Get the weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
                .build();
        ToolSpecification other = openai
                ? ToolSpecification.builder().name("get_time").description("Get the time in a time zone")
                        .parameters(JsonObjectSchema.builder().addStringProperty("tz").build()).build()
                : ToolSpecification.builder().name("now").description("The current time").build();
        return ChatRequest.builder().messages(UserMessage.from("Weather in Paris?")).toolSpecifications(weather, other).build();
    }

    static void call(boolean openai, String root, ChatOutput.Report report) throws Throwable {
        TerminalCallbacks<ChatResponse> callbacks = new TerminalCallbacks<>();
        model(openai, root).chat(request(openai), new StreamingChatResponseHandler() {
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
        StringBuilder text = new StringBuilder();
        if (response.aiMessage().text() != null) {
            text.append(response.aiMessage().text());
        }
        if (text.length() > 0) {
            report.text(text.toString());
        }
        List<ToolExecutionRequest> tools = response.aiMessage().toolExecutionRequests();
        for (ToolExecutionRequest t : tools) {
            report.tool(t.id(), t.name(), t.arguments());
        }
        report.finish(response.finishReason() == null ? null : response.finishReason().toString());
        report.completed();
    }
}
