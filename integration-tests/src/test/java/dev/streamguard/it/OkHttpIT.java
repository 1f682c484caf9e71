package dev.streamguard.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    private static Upstream upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
    }

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
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("okhttp4", version), MAIN, List.of(mode), http.equals("2"), reader);
    }

    @Test
    void withoutTheAgentTheApplicationReadsTheDeviations() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("okhttp4", "okhttp4"), MAIN,
                List.of("execute"), false, StreamCase.Reader.STREAMING);
    }
}
