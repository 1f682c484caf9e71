package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache HttpClient 5.6's classic and async clients in a forked JVM with the agent, on every JDK found:
 * readers of the entity's bytes (an {@code HttpPost}, and a plain request through {@code executeOpen}, as
 * Spring's request factory sends it) and of its lines, and async consumers of the bytes as they come and of
 * the whole body, read every deviation family, a JSON response, a non-LLM event stream and an argument
 * flood, over HTTP and HTTPS, and get exactly what the guard promises; the same on HttpClient 5.4.
 */
class ApacheHttpClientIT {
    static final String MAIN = "dev.streamguard.it.client.ApacheClassicApp";
    static final String ASYNC = "dev.streamguard.it.client.ApacheAsyncApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(new Object[] {"stream", StreamCase.Reader.STREAMING},
                new Object[] {"lines", StreamCase.Reader.LINES}, new Object[] {"open", StreamCase.Reader.STREAMING}).flatMap(m -> Stream.of(false, true)
                .map(tls -> Arguments.of(jdk, m[0], m[1], tls))));
    }

    @ParameterizedTest(name = "{0} {1} tls={3}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String mode, StreamCase.Reader reader, boolean tls) throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("apache5", "apache5"), MAIN, List.of(mode), tls, reader, false);
    }

    static Stream<Arguments> asyncCases() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(new Object[] {"stream", StreamCase.Reader.STREAMING},
                new Object[] {"whole", StreamCase.Reader.WHOLE}, new Object[] {"reactive", StreamCase.Reader.BUFFERED})
                .flatMap(m -> Stream.of(false, true).map(tls -> Arguments.of(jdk, m[0], m[1], tls))));
    }

    /**
     * The async client: a consumer of the bytes as they come, one of the whole body, and the reactive streams
     * bridge read one buffer at a time (a reactive reader, for {@code anthropic.error-event}; a failure empties
     * its buffer, with or without the agent); HTTP/1.1, and HTTP/2 over TLS.
     */
    @ParameterizedTest(name = "async {0} {1} tls={3}")
    @MethodSource("asyncCases")
    void everyStreamReadsAsTheGuardPromisesThroughTheAsyncClient(Jdks.Jdk jdk, String mode, StreamCase.Reader reader, boolean tls) throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("apache5", "apache5"), ASYNC, List.of(mode), tls, reader,
                mode.equals("reactive"));
    }

    static Stream<Arguments> readers() {
        return cases().filter(a -> !(Boolean) a.get()[3]).map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2]));
    }

    /** HttpClient 5.4, the oldest the advice is for, runs the same client (compiled against 5.6) on JDK 17, over HTTP and HTTPS. */
    @ParameterizedTest(name = "5.4 tls={0}")
    @ValueSource(booleans = {false, true})
    void onHttpClient54EveryStreamReadsAsTheGuardPromises(boolean tls) throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), true, ForkedJvm.classpath("apache5", "apache54"), MAIN, List.of("stream"), tls,
                StreamCase.Reader.STREAMING, false);
    }

    /**
     * An endless argument flood fails at the cap, at once: the guard aborts the connection before it closes the
     * body, which HttpClient would otherwise read to its end.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MAIN, ASYNC})
    void anEndlessArgumentFloodFailsAtTheCapWithoutReadingOn(String main) throws Exception {
        try (StreamingServer server = new StreamingServer()) {
            String url = server.floodRoot("openai", SdkRun.newTag()) + "/v1/chat/completions";
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of("-javaagent:" + ForkedJvm.AGENT_JAR, "-Xmx64m"),
                    ForkedJvm.classpath("apache5", "apache5"), main, List.of("stream", url)), 60);
            assertEquals(0, exit.code, exit.toString());
            assertEquals("streamguard: tool call 0 (get_weather) arguments exceeded 4MiB (streamguard.tool-args.max-bytes) at "
                    + StreamingServer.FAILING_AT + " bytes", ClientResult.parse(exit.stdout).get(0).errorMessage, exit.toString());
        }
    }

    /** Every reader gets a body whose connection stays open after the terminal event ended at once (D42). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("readers")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBodyAtOnce(Jdks.Jdk jdk, String mode, StreamCase.Reader reader) throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("apache5", "apache5"), MAIN, List.of(mode), reader);
    }

    static Stream<Arguments> asyncReaders() {
        return asyncCases().filter(a -> !(Boolean) a.get()[3]).map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2]));
    }

    /** The async client's consumers too: the application has its end at once, and the connection is closed. */
    @ParameterizedTest(name = "async {0} {1}")
    @MethodSource("asyncReaders")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheAsyncBodyAtOnce(Jdks.Jdk jdk, String mode, StreamCase.Reader reader) throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("apache5", "apache5"), ASYNC, List.of(mode), reader);
    }

    /** The log line about a repaired stream names the trace and client span of the traceparent its request carried. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MAIN, ASYNC})
    void theLogLineCarriesTheTraceContextTheRequestWasSentWith(String main) throws Exception {
        ClientMatrix.runWithTraceContextAndCheck(upstream, ForkedJvm.classpath("apache5", "apache5"), main, List.of("stream"), "apache-httpclient5");
    }

    /** Without the agent the same readers get the upstream's bytes as they are: the fixtures really deviate. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MAIN, ASYNC})
    void withoutTheAgentTheApplicationReadsTheDeviations(String main) throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("apache5", "apache5"), main, List.of("stream"), false,
                StreamCase.Reader.STREAMING, false);
    }

    /** HttpClient 5.4's async client (httpcore5 5.3), with a consumer of the bytes and the reactive bridge, on JDK 17 over TLS. */
    @ParameterizedTest(name = "5.4 async {0}")
    @ValueSource(strings = {"stream", "reactive"})
    void onHttpClient54TheAsyncClientReadsEveryStreamAsTheGuardPromises(String mode) throws Exception {
        boolean reactive = mode.equals("reactive");
        ClientMatrix.runAndCheck(upstream, Jdks.current(), true, ForkedJvm.classpath("apache5", "apache54"), ASYNC, List.of(mode), true,
                reactive ? StreamCase.Reader.BUFFERED : StreamCase.Reader.STREAMING, reactive);
    }
}
