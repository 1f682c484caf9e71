package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamguard.testing.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real LLM clients (openai-java, anthropic-java, LangChain4j OpenAI and Anthropic, Spring AI 2 OpenAI
 * and Anthropic; latest releases), each in a forked JVM, make one streaming call with tools
 * per stream of the corpus: every deviation of the catalog, compliant streams, and a stream held open after
 * its end. Without the agent, each SDK must break exactly on the streams {@link SdkExpectations} documents
 * for it, exactly as documented, and read every other stream correctly: so the fixtures really break what
 * the catalog says. With the agent, each application must see the stream's meaning (the tool calls, text
 * and finish reason of the repaired stream), or the exact {@code streamguard:} failure of the fixture,
 * except for the outcomes documented as not repaired. Every call must reach the upstream once (retries are
 * off) on the SDK's own path, with the tool schema the guard needs for D17. {@code -Dit.sdk=SPRING_AI1} (a prefix
 * of the {@link Sdk} names) runs only those clients, here, in {@link SdkFloodIT} and in {@link OpenTelemetryCoexistenceIT}.
 */
class SdkDeviationsIT {
    /** How long a call may take before it counts as hung (a normal call takes well under a second). */
    static final long CALL_TIMEOUT_MILLIS = 6000;

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static StreamingServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StreamingServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * With the agent on every JDK; without it (the SDKs behave the same on 17 and 25) on the build's JDK, except
     * for Spring AI 1.x on the JDK HttpClient connector, which parses the stream as on Reactor Netty.
     */
    static Stream<Arguments> runs() {
        return Sdk.selected().flatMap(sdk -> Stream.concat(
                sdk.runsWithoutTheAgent() ? Stream.of(Arguments.of(sdk, Jdks.current(), false)) : Stream.empty(),
                Jdks.all().stream().map(jdk -> Arguments.of(sdk, jdk, true))));
    }

    @ParameterizedTest(name = "{0} on {1}, agent {2}")
    @MethodSource("runs")
    void everyDeviationAsDocumentedWithoutTheAgentAndRepairedOrFailedClearlyWithIt(Sdk sdk, Jdks.Jdk jdk, boolean withAgent) throws Exception {
        List<SdkStream> streams = SdkStream.all(sdk.provider);
        String tag = SdkRun.newTag();
        List<String> targets = streams.stream().map(s -> s.target(upstream, server, tag)).collect(Collectors.toList());
        List<String> jvm = new ArrayList<>();
        if (withAgent) {
            jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        }
        SdkRun run = SdkRun.run(sdk, jdk, jvm, targets, CALL_TIMEOUT_MILLIS, 300);

        List<String> problems = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            problems.addAll(SdkExpectations.problems(sdk, streams.get(i), run.results.get(i), withAgent));
            problems.addAll(requestProblems(sdk, streams.get(i), tag));
            if (withAgent) {
                problems.addAll(reportProblems(sdk, streams.get(i), tag, run.exit.stderr));
            }
            if (withAgent && streams.get(i).heldOpen()) {
                long allowed = streams.get(i).source == SdkStream.Source.PINGS ? 3000 + 1000 : 1000;
                problems.addAll(server.heldOpenProblems("SdkDeviationsIT", streams.get(i).name, targets.get(i),
                        run.results.get(i).endedAtMillis, allowed));
            }
        }
        assertEquals(List.of(), problems, problems.size() + " problems in " + streams.size() + " calls");
        if (withAgent) {
            AgentOutput.assertCleanStart(run.exit.stderr);
        } else {
            assertFalse(run.exit.stderr.contains("streamguard"), run.exit.stderr);
        }
    }

    /**
     * The SDKs on OkHttp ask for gzip, and OkHttp decompresses transparently: the guard reads the
     * decompressed stream, so a compressed stream is repaired or failed as a plain one.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Sdk.class, names = {"OPENAI_JAVA", "ANTHROPIC_JAVA", "SPRING_AI_OPENAI", "SPRING_AI_ANTHROPIC"})
    void gzipCompressedStreamsAreGuardedUnderTheOkHttpSdks(Sdk sdk) throws Exception {
        List<SdkStream> streams = sdk.provider.equals("openai")
                ? List.of(SdkStream.fixture("openai/litellm-combined"), SdkStream.fixture("openai/d15-cut-mid-arguments"))
                : List.of(SdkStream.fixture("anthropic/d16-input-in-start"), SdkStream.fixture("anthropic/d17-lost-input-required"));
        String tag = SdkRun.newTag();
        List<String> targets = streams.stream().map(s -> upstream.url(false, "/gzip/" + s.name + tag)).collect(Collectors.toList());
        SdkRun run = SdkRun.run(sdk, Jdks.current(), List.of("-javaagent:" + ForkedJvm.AGENT_JAR), targets, CALL_TIMEOUT_MILLIS, 120);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            problems.addAll(SdkExpectations.problems(sdk, streams.get(i), run.results.get(i), true));
            if (upstream.recorded("/gzip/" + streams.get(i).name + tag + "/").size() != 1) {
                problems.add(streams.get(i) + ": not one request to the compressing upstream");
            }
        }
        assertEquals(List.of(), problems);
        AgentOutput.assertCleanStart(run.exit.stderr);
    }

    /**
     * A stream the guard must fail is reported failed in the agent's log, whatever reached the application first:
     * where an SDK's own parser may fail before the guard can (documented with the guard's failure as one of the
     * outcomes), this shows that the guard failed it all the same. Not for the outcomes documented as the
     * guard's gaps (no {@code streamguard:} among them), nor for a stall (its path is not tagged).
     */
    private static List<String> reportProblems(Sdk sdk, SdkStream stream, String tag, String stderr) {
        String prefix = stream.recordedPrefix(tag);
        String documented = SdkExpectations.UNREPAIRED_WITH_AGENT.getOrDefault(sdk, Map.of()).get(stream.name);
        if (prefix == null || SdkExpectations.failure(sdk, stream) == null
                || (documented != null && !documented.contains("streamguard"))) {
            return List.of();
        }
        boolean failed = stderr.lines().anyMatch(l -> l.contains(" streamguard - stream ts=") && l.contains(" path=" + prefix)
                && l.contains(" outcome=failed "));
        return failed ? List.of() : List.of(stream + ": no 'outcome=failed' line in the agent's log for " + prefix);
    }

    /** The call reached the upstream once, on the SDK's path, declaring get_weather with its required city. */
    static List<String> requestProblems(Sdk sdk, SdkStream stream, String tag) {
        String prefix = stream.recordedPrefix(tag);
        return prefix == null ? List.of() : requestProblems(upstream, stream.name, prefix, sdk.requestPath());
    }

    /**
     * The call for this stream reached the upstream once, under the path prefix the run gave it (ending in
     * {@code /}), as a POST to the client's own request path, declaring get_weather with its required city.
     */
    static List<String> requestProblems(Upstream upstream, String stream, String prefix, String requestPath) {
        List<Upstream.Recorded> requests = upstream.recorded(prefix);
        if (requests.size() != 1) {
            return List.of(stream + ": " + requests.size() + " requests instead of 1: " + requests);
        }
        Upstream.Recorded r = requests.get(0);
        String path = prefix.substring(0, prefix.length() - 1) + requestPath;
        if (!r.method.equals("POST") || !r.path.equals(path)) {
            return List.of(stream + ": " + r.method + " " + r.path + " instead of POST " + path);
        }
        List<String> required = requiredParameters(r.body, "get_weather");
        return required.equals(List.of("city")) ? List.of()
                : List.of(stream + ": the request declares get_weather requiring " + required + ": " + r.body);
    }

    /**
     * The required parameters a request body declares for a tool: in the Chat Completions shape
     * ({@code {"type":"function","function":{"name","parameters"}}}), the Anthropic one ({@code {"name","input_schema"}})
     * the Responses API's flat one ({@code {"type":"function","name","parameters"}}), or Gemini's, where each tool
     * holds {@code functionDeclarations} of that flat shape (or with {@code parametersJsonSchema}).
     */
    @SuppressWarnings("unchecked")
    static List<String> requiredParameters(String body, String tool) {
        Map<String, Object> request = JsonTree.object(body);
        for (Object o : tools((List<Object>) request.getOrDefault("tools", List.of()))) {
            Map<String, Object> t = (Map<String, Object>) o;
            Map<String, Object> function = (Map<String, Object>) t.get("function");
            String name = (String) (function != null ? function.get("name") : t.get("name"));
            Map<String, Object> schema = (Map<String, Object>) (function != null ? function.get("parameters")
                    : t.containsKey("input_schema") ? t.get("input_schema")
                    : t.containsKey("parametersJsonSchema") ? t.get("parametersJsonSchema") : t.get("parameters"));
            if (tool.equals(name) && schema != null) {
                return (List<String>) schema.getOrDefault("required", List.of());
            }
        }
        return List.of("<no tool " + tool + ">");
    }

    /** The tools of a request, with the function declarations of a Gemini tool in its place. */
    @SuppressWarnings("unchecked")
    private static List<Object> tools(List<Object> tools) {
        List<Object> flat = new java.util.ArrayList<>();
        for (Object o : tools) {
            Object declarations = ((Map<String, Object>) o).get("functionDeclarations");
            if (declarations != null) {
                flat.addAll((List<Object>) declarations);
            } else {
                flat.add(o);
            }
        }
        return flat;
    }
}
