package dev.streamguard.it;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real client of OpenAI's Responses API as {@link ResponsesSdkIT} runs it: an application of the
 * {@code clients/openai-responses} module that makes one streaming call with tools per target and prints what
 * it saw through {@code ChatOutput}, and how that SDK names the end of a response.
 */
enum ResponsesClient {
    /** openai-java's {@code responses().createStreaming} and {@code ResponseAccumulator.create()} (OkHttp). */
    OPENAI_JAVA("openai-java 4.105.0 Responses (ResponseAccumulator)", "OpenAiResponsesApp",
            List.of("openai-java-core-4.105.0.jar", "okhttp-4.12.0.jar")),
    /** LangChain4j's {@code OpenAiResponsesStreamingChatModel} on its default JDK HttpClient. */
    LANGCHAIN4J("LangChain4j OpenAiResponsesStreamingChatModel 1.19.0", "LangChain4jResponsesApp",
            List.of("langchain4j-open-ai-1.19.0.jar", "langchain4j-http-client-jdk-1.19.0.jar"));

    static final String MODULE = "openai-responses";
    /** The path both SDKs append to the root URL they are given (the tests assert it was used). */
    static final String REQUEST_PATH = "/v1/responses";

    final String title;
    final String main;
    /** Jars the client's classpath must hold: the versions this enum names. */
    final List<String> jars;

    ResponsesClient(String title, String main, List<String> jars) {
        this.title = title;
        this.main = "dev.streamguard.it.client." + main;
        this.jars = jars;
    }

    /** The client's classpath; fails when it does not hold the versions this enum names. */
    String classpath() throws IOException {
        String classpath = ForkedJvm.classpath(MODULE, MODULE);
        for (String jar : jars) {
            if (!classpath.contains(File.separator + jar)) {
                throw new IllegalStateException(this + ": no " + jar + " on the client's classpath " + classpath);
            }
        }
        return classpath;
    }

    ProcessBuilder command(Jdks.Jdk jdk, List<String> jvmOptions, long callTimeoutMillis, List<String> roots) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(callTimeoutMillis));
        args.addAll(roots);
        return ForkedJvm.command(jdk, jvmOptions, classpath(), main, args);
    }

    /**
     * How the application sees the end of a completed response: openai-java hands over the response's
     * {@code status}; LangChain4j maps {@code completed} to TOOL_EXECUTION when it collected tool calls, else STOP.
     */
    String finish(boolean toolCalls) {
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
