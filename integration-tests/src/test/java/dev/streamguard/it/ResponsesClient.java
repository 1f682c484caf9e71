package dev.streamguard.it;

import java.util.List;

/** The real clients of OpenAI's Responses API: applications of the {@code clients/openai-responses} module. */
enum ResponsesClient implements ProtocolClient {
    /** openai-java's {@code responses().createStreaming} and {@code ResponseAccumulator.create()} (OkHttp). */
    OPENAI_JAVA("openai-java 4.105.0 Responses (ResponseAccumulator)", "OpenAiResponsesApp",
            List.of("openai-java-core-4.105.0.jar", "okhttp-4.12.0.jar")),
    /** LangChain4j's {@code OpenAiResponsesStreamingChatModel} on its default JDK HttpClient. */
    LANGCHAIN4J("LangChain4j OpenAiResponsesStreamingChatModel 1.19.0", "LangChain4jResponsesApp",
            List.of("langchain4j-open-ai-1.19.0.jar", "langchain4j-http-client-jdk-1.19.0.jar"));

    private final String title;
    private final String main;
    private final List<String> jars;

    ResponsesClient(String title, String main, List<String> jars) {
        this.title = title;
        this.main = main;
        this.jars = jars;
    }

    @Override
    public String module() {
        return "openai-responses";
    }

    @Override
    public String main() {
        return main;
    }

    @Override
    public List<String> jars() {
        return jars;
    }

    /** Both SDKs append it to the root URL they are given. */
    @Override
    public String requestPath() {
        return "/v1/responses";
    }

    /**
     * How the application sees the end of a completed response: openai-java hands over the response's
     * {@code status}; LangChain4j maps {@code completed} to TOOL_EXECUTION when it collected tool calls, else STOP.
     */
    @Override
    public String finish(boolean toolCalls) {
        if (this == OPENAI_JAVA) {
            return "completed";
        }
        return toolCalls ? "TOOL_EXECUTION" : "STOP";
    }

    @Override
    public String toString() {
        return title;
    }
}
