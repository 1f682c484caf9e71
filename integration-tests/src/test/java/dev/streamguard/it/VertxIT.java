package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vert.x's HTTP client, 4.5 and 5, in a forked JVM with the agent, on every JDK found: a reader of each chunk
 * as it comes (its handler, exception handler and end handler), one of the whole body ({@code response.body()})
 * and {@code WebClient} read every deviation family, a JSON response, a non-LLM event stream and an
 * argument flood, over HTTP/1.1 and HTTP/2 over TLS, and get exactly what the guard promises.
 */
class VertxIT {
    static final String MAIN = "dev.streamguard.it.client.VertxClientApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        return Stream.of("vertx4", "vertx5").flatMap(version -> Jdks.all().stream().flatMap(jdk -> Stream.of(
                new Object[] {"stream", StreamCase.Reader.STREAMING}, new Object[] {"body", StreamCase.Reader.WHOLE})
                .flatMap(m -> Stream.of(false, true).map(tls -> Arguments.of(version, jdk, m[0], m[1], tls)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} tls={4}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(String version, Jdks.Jdk jdk, String mode, StreamCase.Reader reader, boolean tls) throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath(version, version), MAIN, List.of(mode), tls, reader, false);
    }

    /**
     * An application that gathers the body itself, appending each chunk to the first it got: the chunks the
     * guard hands on grow as Vert.x's own do.
     */
    @ParameterizedTest(name = "{0} gather")
    @ValueSource(strings = {"vertx4", "vertx5"})
    void everyStreamReadsAsTheGuardPromisesWhenTheApplicationAppendsToAChunk(String version) throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), true, ForkedJvm.classpath(version, version), MAIN, List.of("gather"), false,
                StreamCase.Reader.STREAMING, false);
    }

    /** WebClient, over the same client, on both versions and JDKs over HTTP/1.1: the whole body, or the failure. */
    @ParameterizedTest(name = "{0} {1} webclient")
    @MethodSource("webClientCases")
    void everyStreamReadsAsTheGuardPromisesThroughWebClient(String version, Jdks.Jdk jdk) throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath(version, version), MAIN, List.of("webclient"), false,
                StreamCase.Reader.WHOLE, false);
    }

    static Stream<Arguments> webClientCases() {
        return Stream.of("vertx4", "vertx5").flatMap(version -> Jdks.all().stream().map(jdk -> Arguments.of(version, jdk)));
    }

    /**
     * Under BlockHound and Netty's leak detector ({@link EventLoopWatch}), every case read through the response's
     * handler on both versions, over HTTP/1.1 and HTTP/2: no blocking call with StreamGuard's code on the stack
     * on an event loop, and no buffer leaked.
     */
    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("eventLoopCases")
    void theEventLoopIsNeverBlockedAndNoBufferLeaks(String version, boolean tls) throws Exception {
        try (EventLoopWatch watch = new EventLoopWatch()) {
            ForkedJvm.Exit exit = ClientMatrix.run(upstream, Jdks.current(), true, watch.jvmOptions(), ForkedJvm.classpath(version, version),
                    MAIN, List.of("stream"), tls, StreamCase.Reader.STREAMING, false, c -> true);
            watch.assertClean(exit);
        }
    }

    static Stream<Arguments> eventLoopCases() {
        return Stream.of("vertx4", "vertx5").flatMap(version -> Stream.of(false, true).map(tls -> Arguments.of(version, tls)));
    }

    /**
     * Each reader gets a body whose connection stays open after the terminal event ended at once (D42). Timed on
     * a second round: Vert.x's first streams in a JVM once took 1,011 ms, on a machine twice as slow as usual.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vertx4", "vertx5"})
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBodyAtOnce(String version) throws Exception {
        ClientMatrix.runHeldOpenAndCheck(Jdks.current(), ForkedJvm.classpath(version, version), MAIN, List.of("stream"), StreamCase.Reader.STREAMING,
                true);
    }

    /**
     * The upstream resets the connection after the terminal event, before the body's own end, and a second stream
     * follows: the reader has each whole, with its end, and hears nothing of the reset (its app exits 3 on a second
     * signal); each stream is reported once, complete. (Vert.x passes no reset on to a response whose end it gave, so
     * the guard's wait for the body's end runs out as for a connection held open.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vertx4", "vertx5"})
    void aResetAfterTheTerminalEventLeavesTheStreamWholeAndReportedOnce(String version) throws Exception {
        String fixture = "openai/compliant-tool-call";
        byte[] body = Fixture.load(fixture).input.getBytes(StandardCharsets.UTF_8);
        try (RawUpstream raw = new RawUpstream()) {
            List<String> urls = List.of(raw.serve(RawUpstream.Script.resetAfter(body, body.length).chunked()),
                    upstream.url(false, "/f/" + fixture + "?transfer=chunked"));
            List<String> args = new java.util.ArrayList<>(List.of("stream"));
            args.addAll(urls);
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of("-javaagent:" + ForkedJvm.AGENT_JAR,
                    "-javaagent:" + ProbeAgentJar.get(), "-Dprobe.printReports=true"), ForkedJvm.classpath(version, version), MAIN, args), 60);
            assertEquals(0, exit.code, exit.toString());
            java.util.Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
            for (int i = 0; i < urls.size(); i++) {
                assertEquals(ClientResult.readForm(body), results.get(i).read, "stream " + i + ": " + exit);
                assertNull(results.get(i).errorClass, "stream " + i + ": " + exit);
            }
            List<String> reports = Counters.probeReports(exit.stdout);
            assertEquals(urls.size(), reports.size(), exit.toString());
            for (String report : reports) {
                assertTrue(report.contains("outcome=COMPLETED"), report);
            }
        }
    }

    /** An endless argument flood fails at the cap, in a 64 MiB heap, and the reader gets the guard's failure. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vertx4", "vertx5"})
    void anEndlessArgumentFloodFailsAtTheCap(String version) throws Exception {
        try (StreamingServer server = new StreamingServer()) {
            String url = server.floodRoot("openai", SdkRun.newTag()) + "/v1/chat/completions";
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of("-javaagent:" + ForkedJvm.AGENT_JAR, "-Xmx64m"),
                    ForkedJvm.classpath(version, version), MAIN, List.of("stream", url)), 60);
            assertEquals(0, exit.code, exit.toString());
            assertEquals("streamguard: tool call 0 (get_weather) arguments exceeded 4MiB (streamguard.tool-args.max-bytes) at "
                    + StreamingServer.FAILING_AT + " bytes", ClientResult.parse(exit.stdout).get(0).errorMessage, exit.toString());
        }
    }

    /** The log line about a repaired stream names the trace and client span of the traceparent its request carried. */
    @Test
    void theLogLineCarriesTheTraceContextTheRequestWasSentWith() throws Exception {
        ClientMatrix.runWithTraceContextAndCheck(upstream, ForkedJvm.classpath("vertx5", "vertx5"), MAIN, List.of("stream"), "vertx");
    }

    /** Without the agent the same reader gets the upstream's bytes as they are: the fixtures really deviate. */
    @Test
    void withoutTheAgentTheApplicationReadsTheDeviations() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("vertx4", "vertx4"), MAIN, List.of("stream"), false,
                StreamCase.Reader.STREAMING, false);
    }
}
