package dev.streamguard.it;

import java.util.List;

/** The real Gemini clients: applications of the {@code clients/gemini} module. */
enum GeminiClient implements ProtocolClient {
    /** google-genai's {@code models.generateContentStream} (OkHttp). */
    GOOGLE_GENAI("google-genai 2.3.0 generateContentStream", "GoogleGenAiApp", List.of("google-genai-2.3.0.jar", "okhttp-4.12.0.jar"), "v1"),
    /** LangChain4j's {@code GoogleAiGeminiStreamingChatModel} on its default JDK HttpClient. */
    LANGCHAIN4J("LangChain4j GoogleAiGeminiStreamingChatModel 1.19.0", "LangChain4jGeminiApp",
            List.of("langchain4j-google-ai-gemini-1.19.0.jar", "langchain4j-http-client-jdk-1.19.0.jar"), "v1beta");

    private final String title;
    private final String main;
    private final List<String> jars;
    private final String apiVersion;

    GeminiClient(String title, String main, List<String> jars, String apiVersion) {
        this.title = title;
        this.main = main;
        this.jars = jars;
        this.apiVersion = apiVersion;
    }

    @Override
    public String module() {
        return "gemini";
    }

    @Override
    public String main() {
        return main;
    }

    @Override
    public List<String> jars() {
        return jars;
    }

    /**
     * The API version, then the model's streaming method: google-genai adds {@code v1} to a base URL it is given,
     * LangChain4j's base URL holds {@code v1beta}, as its docs show it.
     */
    @Override
    public String requestPath() {
        return "/" + apiVersion + "/models/gemini-2.5-flash:streamGenerateContent";
    }

    /**
     * How the application sees the end of a completed response: google-genai hands over the last chunk's
     * {@code finishReason}; LangChain4j maps {@code STOP} to TOOL_EXECUTION when it collected function calls.
     */
    @Override
    public String finish(boolean toolCalls) {
        if (this == GOOGLE_GENAI) {
            return "STOP";
        }
        return toolCalls ? "TOOL_EXECUTION" : "STOP";
    }

    @Override
    public String toString() {
        return title;
    }
}
