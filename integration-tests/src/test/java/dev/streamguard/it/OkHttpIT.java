package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp 3.14, 4.12 and 5.x in forked JVMs with the agent, on every JDK found: synchronous execute,
 * asynchronous enqueue and okhttp-sse read every deviation family, a JSON response and a non-LLM event
 * stream over HTTP/1.1 (fixed length and chunked) and HTTP/2 over TLS.
 */
class OkHttpIT {
    static final String MAIN = "dev.streamguard.it.client.OkHttpClientApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        List<Object[]> modes = List.of(
                new Object[] {"execute", StreamCase.Reader.STREAMING},
                new Object[] {"enqueue", StreamCase.Reader.STREAMING},
                new Object[] {"sse", StreamCase.Reader.EVENTS});
        return Jdks.all().stream().flatMap(jdk -> Stream.of("okhttp3", "okhttp4", "okhttp5").flatMap(version ->
                modes.stream().flatMap(m -> Stream.of("1.1", "2").map(http -> Arguments.of(jdk, version, m[0], m[1], http)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} HTTP/{4}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String version, String mode, StreamCase.Reader reader, String http)
            throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("okhttp4", version), MAIN, List.of(mode), http.equals("2"), reader, false);
    }

    static Stream<Arguments> heldOpenCases() {
        return cases().filter(a -> a.get()[4].equals("1.1") && (a.get()[0].equals(Jdks.current()) || a.get()[1].equals("okhttp4")))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3]));
    }

    /**
     * Every way of reading ends a body whose connection stays open after the terminal event at once (D42). The
     * second round is timed: in a full build on two cores, a JVM's first okhttp-sse stream ended 1,064 ms after its
     * request.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("heldOpenCases")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBodyAtOnce(Jdks.Jdk jdk, String version, String mode, StreamCase.Reader reader)
            throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("okhttp4", version), MAIN, List.of(mode), reader, true);
    }

    /**
     * A body whose length the guard changed (a fixed-length litellm-combined, repaired) reaches the application
     * without the upstream's Content-Length, which no longer says how long it is; without the agent it has it.
     */
    @Test
    void aBodyTheGuardMayChangeHasNoContentLength() throws Exception {
        String url = upstream.url(false, "/f/openai/litellm-combined?transfer=fixed");
        byte[] input = dev.streamguard.testing.Fixture.load("openai/litellm-combined").input.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (boolean withAgent : new boolean[] {false, true}) {
            List<String> jvm = withAgent ? List.of("-javaagent:" + ForkedJvm.AGENT_JAR) : List.of();
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("okhttp4", "okhttp4"), MAIN,
                    List.of("execute", url)), 60);
            assertEquals(0, exit.code, exit.toString());
            ClientResult r = ClientResult.parse(exit.stdout).get(0);
            assertTrue(r.headers.containsKey("content-length"), exit.toString());
            assertEquals(withAgent ? null : String.valueOf(input.length), r.headers.get("content-length"), "agent " + withAgent);
        }
    }

    @Test
    void withoutTheAgentTheApplicationReadsTheDeviations() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("okhttp4", "okhttp4"), MAIN,
                List.of("execute"), false, StreamCase.Reader.STREAMING, false);
    }
}
