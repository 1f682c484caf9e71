package dev.streamguard.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK HttpClient in a forked JVM with the agent, on every JDK found: every kind of body handler reads
 * every deviation family, a JSON response and a non-LLM event stream, over HTTP/1.1 (fixed length and
 * chunked) and HTTP/2 over TLS, and gets exactly what the guard promises.
 */
class JdkHttpClientIT {
    static final String MAIN = "dev.streamguard.it.client.JdkClientApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        List<Object[]> handlers = List.of(
                new Object[] {"ofInputStream", StreamCase.Reader.STREAMING},
                new Object[] {"ofPublisher", StreamCase.Reader.STREAMING},
                new Object[] {"custom", StreamCase.Reader.STREAMING},
                new Object[] {"ofString", StreamCase.Reader.WHOLE},
                new Object[] {"sendAsync", StreamCase.Reader.WHOLE},
                new Object[] {"ofByteArray", StreamCase.Reader.WHOLE},
                new Object[] {"ofLines", StreamCase.Reader.LINES},
                new Object[] {"fromLineSubscriber", StreamCase.Reader.LINES});
        return Jdks.all().stream().flatMap(jdk -> handlers.stream().flatMap(h -> Stream.of("1.1", "2")
                .map(http -> Arguments.of(jdk, h[0], h[1], http))));
    }

    @ParameterizedTest(name = "{0} {1} HTTP/{3}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String handler, StreamCase.Reader reader, String http) throws Exception {
        boolean tls = http.equals("2");
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of(handler, http), tls, reader,
                handler.equals("ofPublisher"));
    }

    static Stream<Arguments> handlers() {
        return cases().filter(a -> a.get()[3].equals("1.1")).map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2]));
    }

    /**
     * Every kind of handler ends a body whose connection stays open after the terminal event at once (D42). Timed
     * after a first round: a JVM's first request alone took 1.2 s once on a busy machine (JDK 25, 2026-12-05).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("handlers")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBodyAtOnce(Jdks.Jdk jdk, String handler, StreamCase.Reader reader) throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of(handler, "1.1"), reader, true);
    }

    /** Without the agent the same client reads the upstream's bytes as they are: the fixtures really deviate. */
    @Test
    void withoutTheAgentTheApplicationReadsTheDeviations() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("jdk", "jdk"), MAIN,
                List.of("ofInputStream", "1.1"), false, StreamCase.Reader.STREAMING, false);
    }
}
