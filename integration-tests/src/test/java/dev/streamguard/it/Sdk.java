package dev.streamguard.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real LLM client as the integration tests run it: the client module whose application makes one
 * streaming call with tools per target (see {@code ChatOutput}), the protocol it speaks, and how it names
 * the finish reason. The versions are those the client modules' poms pin (the latest on Maven Central when each was added).
 */
enum Sdk {
    OPENAI_JAVA("openai-java 4.100.0", "openai-java", "OpenAiJavaApp", List.of(), "openai", "OkHttp 4.12.0",
            List.of("openai-java-core-4.100.0.jar", "okhttp-4.12.0.jar")),
    ANTHROPIC_JAVA("anthropic-java 3.11.0", "anthropic-java", "AnthropicJavaApp", List.of(), "anthropic", "OkHttp 4.12.0",
            List.of("anthropic-java-core-3.11.0.jar", "okhttp-4.12.0.jar")),
    LANGCHAIN4J_OPENAI("LangChain4j OpenAiStreamingChatModel 1.19.0", "langchain4j", "LangChain4jApp", List.of("openai"), "openai",
            "JDK HttpClient", List.of("langchain4j-open-ai-1.19.0.jar", "langchain4j-http-client-jdk-1.19.0.jar")),
    LANGCHAIN4J_ANTHROPIC("LangChain4j AnthropicStreamingChatModel 1.19.0", "langchain4j", "LangChain4jApp", List.of("anthropic"),
            "anthropic", "JDK HttpClient", List.of("langchain4j-anthropic-1.19.0.jar", "langchain4j-http-client-jdk-1.19.0.jar")),
    LANGCHAIN4J_OPENAI_RESTCLIENT("LangChain4j OpenAiStreamingChatModel 1.19.0 on Spring's RestClient", "langchain4j-spring",
            "LangChain4jRestClientApp", List.of("openai"), "openai", "Apache HttpClient 5.5.1 (Spring RestClient 6.2.12, as Spring Boot 3.5.7 detects it)",
            List.of("langchain4j-open-ai-1.19.0.jar", "langchain4j-http-client-spring-restclient-1.11.0-beta19.jar", "httpclient5-5.5.1.jar")),
    LANGCHAIN4J_ANTHROPIC_RESTCLIENT("LangChain4j AnthropicStreamingChatModel 1.19.0 on Spring's RestClient", "langchain4j-spring",
            "LangChain4jRestClientApp", List.of("anthropic"), "anthropic", "Apache HttpClient 5.5.1 (Spring RestClient 6.2.12, as Spring Boot 3.5.7 detects it)",
            List.of("langchain4j-anthropic-1.19.0.jar", "langchain4j-http-client-spring-restclient-1.11.0-beta19.jar", "httpclient5-5.5.1.jar")),
    SPRING_AI_OPENAI("Spring AI OpenAiChatModel 2.0.1", "spring-ai", "SpringAiApp", List.of("openai"), "openai",
            "OkHttp 4.12.0 (openai-java-core 4.49.0)", List.of("spring-ai-openai-2.0.1.jar", "openai-java-core-4.49.0.jar", "okhttp-4.12.0.jar")),
    SPRING_AI_ANTHROPIC("Spring AI AnthropicChatModel 2.0.1", "spring-ai", "SpringAiApp", List.of("anthropic"), "anthropic",
            "OkHttp 4.12.0 (anthropic-java-core 2.52.0)", List.of("spring-ai-anthropic-2.0.1.jar", "anthropic-java-core-2.52.0.jar", "okhttp-4.12.0.jar")),
    SPRING_AI1_OPENAI("Spring AI OpenAiChatModel 1.1.2 on Reactor Netty", "spring-ai1", "SpringAi1App", List.of("openai", "reactor"), "openai",
            "Reactor Netty 1.2.11 (WebClient, Spring 6.2.12)", List.of("spring-ai-openai-1.1.2.jar", "reactor-netty-http-1.2.11.jar", "spring-webflux-6.2.12.jar")),
    SPRING_AI1_ANTHROPIC("Spring AI AnthropicChatModel 1.1.2 on Reactor Netty", "spring-ai1", "SpringAi1App", List.of("anthropic", "reactor"), "anthropic",
            "Reactor Netty 1.2.11 (WebClient, Spring 6.2.12)", List.of("spring-ai-anthropic-1.1.2.jar", "reactor-netty-http-1.2.11.jar", "spring-webflux-6.2.12.jar")),
    SPRING_AI1_OPENAI_JDK("Spring AI OpenAiChatModel 1.1.2 on the JDK HttpClient", "spring-ai1", "SpringAi1App", List.of("openai", "jdk"), "openai",
            "JDK HttpClient (WebClient's JdkClientHttpConnector, Spring 6.2.12)", List.of("spring-ai-openai-1.1.2.jar", "spring-webflux-6.2.12.jar")),
    SPRING_AI1_ANTHROPIC_JDK("Spring AI AnthropicChatModel 1.1.2 on the JDK HttpClient", "spring-ai1", "SpringAi1App", List.of("anthropic", "jdk"), "anthropic",
            "JDK HttpClient (WebClient's JdkClientHttpConnector, Spring 6.2.12)", List.of("spring-ai-anthropic-1.1.2.jar", "spring-webflux-6.2.12.jar")),
    QUARKUS_LANGCHAIN4J_OPENAI("Quarkus LangChain4j 1.10.0 OpenAI provider (LangChain4j 1.14.1, Quarkus 3.33.2)", "quarkus-langchain4j",
            Sdk.QUARKUS_ENTRY_POINT, List.of(), "openai", "Vert.x 4.5.27 (the Quarkus REST client)",
            List.of("quarkus-langchain4j-openai-1.10.0.jar", "langchain4j-open-ai-1.14.1.jar", "resteasy-reactive-client-3.33.2.jar", "vertx-core-4.5.27.jar")),
    AZURE_OPENAI("Azure OpenAI (azure-ai-openai 1.0.0-beta.16) getChatCompletionsStream", "azure-openai", "AzureOpenAiApp", List.of(), "openai",
            "Reactor Netty (azure-core-http-netty)", List.of("azure-ai-openai-1.0.0-beta.16.jar", "azure-core-http-netty-1.15.11.jar"));

    /** The main class of an application the Quarkus Maven plugin builds; it runs the application's {@code @QuarkusMain}. */
    private static final String QUARKUS_ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    final String title;
    final String module;
    final String main;
    final List<String> leadingArgs;
    final String provider;
    final String httpClient;
    /** Jars the client's classpath must hold: the versions this enum names. */
    final List<String> jars;

    Sdk(String title, String module, String main, List<String> leadingArgs, String provider, String httpClient, List<String> jars) {
        this.title = title;
        this.module = module;
        this.main = main.equals(QUARKUS_ENTRY_POINT) ? main : "dev.streamguard.it.client." + main;
        this.leadingArgs = leadingArgs;
        this.provider = provider;
        this.httpClient = httpClient;
        this.jars = jars;
    }

    /** The client's classpath; fails when it does not hold the versions this enum names. */
    String classpath() throws IOException {
        if (main.equals(QUARKUS_ENTRY_POINT)) {
            return quarkusApplication();
        }
        String classpath = ForkedJvm.classpath(module, module);
        for (String jar : jars) {
            if (!classpath.contains(java.io.File.separator + jar)) {
                throw new IllegalStateException(this + ": no " + jar + " on the client's classpath " + classpath);
            }
        }
        return classpath;
    }

    /**
     * A Quarkus application as it ships: its runner jar, whose manifest names the jars in {@code lib/}, each
     * named {@code group.artifact-version.jar}.
     */
    private String quarkusApplication() throws IOException {
        java.nio.file.Path app = ForkedJvm.ROOT.resolve("clients").resolve(module).resolve("target/quarkus-app");
        List<String> libraries;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(app.resolve("lib/main"))) {
            libraries = files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toList());
        }
        for (String jar : jars) {
            if (libraries.stream().noneMatch(l -> l.endsWith("." + jar))) {
                throw new IllegalStateException(this + ": no " + jar + " in " + app.resolve("lib/main"));
            }
        }
        return app.resolve("quarkus-run.jar").toString();
    }

    /**
     * Whether the tests run this client without the agent too: not Spring AI 1.x on the JDK connector, whose
     * models parse the events above WebClient as on Reactor Netty, where that run is made.
     */
    boolean runsWithoutTheAgent() {
        return this != SPRING_AI1_OPENAI_JDK && this != SPRING_AI1_ANTHROPIC_JDK;
    }

    /** Whether the client's HTTP stack hands the body on to a reactive framework (Reactor Netty, WebClient). */
    boolean readsThroughAReactiveFramework() {
        return httpClient.contains("Reactor Netty") || httpClient.contains("WebClient");
    }

    /** The clients to run: all, or those whose names start with {@code -Dit.sdk} (e.g. {@code SPRING_AI1}). */
    static java.util.stream.Stream<Sdk> selected() {
        String prefix = System.getProperty("it.sdk");
        return java.util.stream.Stream.of(values()).filter(s -> prefix == null || s.name().startsWith(prefix));
    }

    /** The path the SDK appends to the root URL it is given (the tests assert it was used). */
    String requestPath() {
        if (this == AZURE_OPENAI) {
            return "/openai/deployments/gpt-4o/chat/completions";
        }
        return provider.equals("openai") ? "/v1/chat/completions" : "/v1/messages";
    }

    /** The command-line arguments: leading ones, the per-call timeout, the root URLs. */
    List<String> arguments(long callTimeoutMillis, List<String> roots) {
        List<String> args = new ArrayList<>(leadingArgs);
        args.add(String.valueOf(callTimeoutMillis));
        args.addAll(roots);
        return args;
    }

    /** The finish or stop reason as this SDK hands it to the application, for the reason on the wire. */
    String finishReason(String wire) {
        if (wire == null) {
            return null;
        }
        switch (this) {
            case LANGCHAIN4J_OPENAI:
            case LANGCHAIN4J_ANTHROPIC:
            case LANGCHAIN4J_OPENAI_RESTCLIENT:
            case LANGCHAIN4J_ANTHROPIC_RESTCLIENT:
            case QUARKUS_LANGCHAIN4J_OPENAI:
                switch (wire) {
                    case "tool_calls":
                    case "tool_use":
                        return "TOOL_EXECUTION";
                    case "stop":
                    case "end_turn":
                        return "STOP";
                    case "length":
                    case "max_tokens":
                        return "LENGTH";
                    default:
                        return "OTHER";
                }
            case SPRING_AI_OPENAI:
            case SPRING_AI1_OPENAI:
            case SPRING_AI1_OPENAI_JDK:
                return wire.toUpperCase(Locale.ROOT);
            default:
                return wire;
        }
    }

    @Override
    public String toString() {
        return title;
    }
}
