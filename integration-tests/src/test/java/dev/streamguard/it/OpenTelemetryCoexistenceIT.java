package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * StreamGuard side by side with the OpenTelemetry Java agent (the latest 2.x, fetched from Maven Central at
 * build time), both {@code -javaagent} flags, in either order, on every JDK, under a real SDK on each HTTP
 * stack: openai-java on OkHttp (which OpenTelemetry also instruments itself: it wraps the SDK's stream to
 * record a GenAI span) and LangChain4j's Anthropic client on the JDK HttpClient (where the guard must still
 * read the request's tool schema for D17), and Spring AI 1.x's Anthropic model on WebClient's JDK connector
 * (where OpenTelemetry also instruments WebClient, and the guard must still tell that the body goes on to a
 * reactive framework, so that the error event Spring AI 1.x drops fails the stream) and on Reactor Netty. Each
 * client reads a compliant stream, streams the guard repairs
 * and streams it must fail. First with the OpenTelemetry agent alone: the compliant stream reads correctly
 * and every other one is wrong (OpenTelemetry guards nothing); then with both agents: every stream reads as
 * with StreamGuard alone, OpenTelemetry's logging exporter still prints one HTTP client span per call, and
 * neither agent prints anything but its start line, its own INFO lines (StreamGuard's one line per
 * repaired or failed stream) and the spans: no warning, error or stack trace beyond
 * the lines the OpenTelemetry agent prints alone (the JVM's note that class data sharing is limited once an
 * agent appends to the boot class path). StreamGuard's line about each stream names the trace and the span
 * of the HTTP client span that OpenTelemetry exported for that request, on each of the three HTTP stacks.
 */
class OpenTelemetryCoexistenceIT {
    static final String OTEL_VERSION = System.getProperty("streamguard.it.otelAgentVersion", "");
    static final List<String> OTEL_OPTIONS = List.of("-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none", "-Dotel.service.name=streamguard-it");
    private static final Pattern OTEL_INFO = Pattern.compile("^\\[otel\\.javaagent [^\\]]+\\] \\[[^\\]]+\\] INFO .*");
    private static final Pattern STREAMGUARD_ACTIVE = Pattern.compile("^\\S+ INFO streamguard - streamguard \\S+ active \\(.*");
    /** The anomaly log's line about a stream StreamGuard repaired or failed: expected, not an error. */
    private static final Pattern STREAMGUARD_STREAM = Pattern.compile("^\\S+ (INFO|WARN) streamguard - stream ts=.*");
    private static final Pattern TRACED_PATH = Pattern.compile(" path=(\\S+) .* trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16})( |$)");

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

    static Stream<Arguments> runs() {
        return Sdk.selected().filter(sdk -> sdk == Sdk.OPENAI_JAVA || sdk == Sdk.LANGCHAIN4J_ANTHROPIC || sdk == Sdk.SPRING_AI1_ANTHROPIC_JDK
                        || sdk == Sdk.SPRING_AI1_ANTHROPIC)
                .flatMap(sdk -> Jdks.all().stream().map(jdk -> Arguments.of(sdk, jdk)));
    }

    static List<SdkStream> streams(Sdk sdk) {
        return sdk.provider.equals("openai")
                ? List.of(SdkStream.fixture("openai/compliant-tool-call"), SdkStream.fixture("openai/litellm-combined"),
                        SdkStream.fixture("openai/d15-cut-mid-arguments"))
                : sdk == Sdk.SPRING_AI1_ANTHROPIC_JDK || sdk == Sdk.SPRING_AI1_ANTHROPIC
                ? List.of(SdkStream.fixture("anthropic/compliant-tool-use"), SdkStream.fixture("anthropic/d16-input-in-start"),
                        SdkStream.fixture("anthropic/error-event"), SdkStream.fixture("anthropic/d19-truncated"))
                : List.of(SdkStream.fixture("anthropic/compliant-tool-use"), SdkStream.fixture("anthropic/d16-input-in-start"),
                        SdkStream.fixture("anthropic/d17-lost-input-required"), SdkStream.fixture("anthropic/d19-truncated"));
    }

    /**
     * The instrumentation that records the HTTP client spans of the SDK's HTTP stack; null for WebClient, whose
     * own instrumentation may record the span in place of the HTTP client's beneath it.
     */
    static String tracer(Sdk sdk) {
        if (sdk.httpClient.contains("WebClient")) {
            return null;
        }
        return sdk.httpClient.startsWith("OkHttp") ? "io.opentelemetry.okhttp-3.0" : "io.opentelemetry.java-http-client";
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void bothAgentsInEitherOrderGuardTheStreamsAndRecordTheSpans(Sdk sdk, Jdks.Jdk jdk) throws Exception {
        String otel = "-javaagent:" + ForkedJvm.OTEL_AGENT;
        String guard = "-javaagent:" + ForkedJvm.AGENT_JAR;
        SdkRun alone = run(sdk, jdk, List.of(otel), false);
        assertTrue(alone.exit.stderr.lines().noneMatch(l -> l.contains("streamguard")), alone.exit.stderr);
        Set<String> otelAloneLines = Arrays.stream(alone.exit.stderr.split("\n")).collect(Collectors.toSet());
        for (List<String> agents : List.of(List.of(guard, otel), List.of(otel, guard))) {
            SdkRun both = run(sdk, jdk, agents, true);
            List<String> unexpected = new ArrayList<>();
            int starts = 0;
            for (String line : both.exit.stderr.split("\n")) {
                if (STREAMGUARD_ACTIVE.matcher(line).matches()) {
                    starts++;
                } else if (!line.isBlank() && !OTEL_INFO.matcher(line).matches() && !STREAMGUARD_STREAM.matcher(line).matches()
                        && !otelAloneLines.contains(line)) {
                    unexpected.add(line);
                }
            }
            assertEquals(1, starts, "StreamGuard's start line, once: " + both.exit.stderr);
            assertEquals(List.of(), unexpected, agents + ": lines neither agent should print");
        }
    }

    /** Runs the client with these agents; checks what the application saw and that each call has its span. */
    private static SdkRun run(Sdk sdk, Jdks.Jdk jdk, List<String> agents, boolean guarded) throws Exception {
        List<SdkStream> streams = streams(sdk);
        String tag = SdkRun.newTag();
        List<String> targets = streams.stream().map(s -> s.target(upstream, server, tag)).collect(Collectors.toList());
        List<String> jvm = new ArrayList<>(agents);
        jvm.addAll(OTEL_OPTIONS);
        SdkRun run = SdkRun.run(sdk, jdk, jvm, targets, SdkDeviationsIT.CALL_TIMEOUT_MILLIS, 180);
        List<String> problems = new ArrayList<>();
        List<String> stderr = Arrays.asList(run.exit.stderr.split("\n"));
        for (int i = 0; i < streams.size(); i++) {
            SdkStream stream = streams.get(i);
            ChatResult seen = run.results.get(i);
            if (guarded) {
                problems.addAll(SdkExpectations.problems(sdk, stream, seen, true));
            } else if (stream.name.contains("compliant") != stream.reference().differences(seen, sdk).isEmpty()
                    || seen.errors.stream().anyMatch(e -> e.message != null && e.message.startsWith("streamguard:"))) {
                problems.add(stream + ": without StreamGuard only the compliant stream reads correctly, saw " + seen);
            }
            String url = targets.get(i) + sdk.requestPath();
            long spans = stderr.stream().filter(l -> l.contains("LoggingSpanExporter - 'POST' : ")
                    && l.contains(" CLIENT [tracer: " + (tracer(sdk) == null ? "" : tracer(sdk) + ":" + OTEL_VERSION))
                    && (l.contains("url.full=" + url + ",") || l.contains("url.full=" + url + "}")) && l.contains("http.response.status_code=200")).count();
            if (spans != 1) {
                problems.add(streams.get(i) + ": " + spans + " HTTP client spans for " + url);
            }
        }
        if (guarded) {
            problems.addAll(traceProblems(stderr, streams.size() - 1));
        }
        assertEquals(List.of(), problems, agents + ": " + run.exit.stderr);
        return run;
    }

    /**
     * Each of the streams StreamGuard repaired or failed has its line, and the line's trace and span ids are
     * those of the one HTTP client span OpenTelemetry exported for that request (its URL holds the line's path).
     */
    private static List<String> traceProblems(List<String> stderr, int anomalies) {
        List<String> problems = new ArrayList<>();
        List<String> lines = stderr.stream().filter(l -> STREAMGUARD_STREAM.matcher(l).matches()).collect(Collectors.toList());
        if (lines.size() != anomalies) {
            problems.add(lines.size() + " StreamGuard stream lines, expected " + anomalies);
        }
        for (String line : lines) {
            Matcher traced = TRACED_PATH.matcher(line);
            if (!traced.find()) {
                problems.add("no trace and span ids: " + line);
                continue;
            }
            String span = "LoggingSpanExporter - 'POST' : " + traced.group(2) + " " + traced.group(3) + " CLIENT ";
            long spans = stderr.stream().filter(l -> l.contains(span) && l.contains(traced.group(1))).count();
            if (spans != 1) {
                problems.add(spans + " HTTP client spans with the ids of: " + line);
            }
        }
        return problems;
    }
}
