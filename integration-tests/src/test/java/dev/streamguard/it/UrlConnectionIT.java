package dev.streamguard.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's HttpURLConnection in a forked JVM with the agent, on every JDK found: a reader of bytes (which
 * asks for the response code first, and for the input stream twice) and a reader of lines read every
 * deviation family, a JSON response, a non-LLM event stream and an argument flood, over HTTP and HTTPS, and
 * get exactly what the guard promises.
 */
class UrlConnectionIT {
    static final String MAIN = "dev.streamguard.it.client.UrlConnectionApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(new Object[] {"stream", StreamCase.Reader.STREAMING},
                new Object[] {"lines", StreamCase.Reader.LINES}).flatMap(m -> Stream.of(false, true)
                .map(tls -> Arguments.of(jdk, m[0], m[1], tls))));
    }

    @ParameterizedTest(name = "{0} {1} tls={3}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String mode, StreamCase.Reader reader, boolean tls) throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of(mode), tls, reader, false);
    }

    static Stream<Arguments> readers() {
        return cases().filter(a -> !(Boolean) a.get()[3]).map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2]));
    }

    /** Both readers get a body whose connection stays open after the terminal event ended at once (D42). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("readers")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBodyAtOnce(Jdks.Jdk jdk, String mode, StreamCase.Reader reader) throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of(mode), reader);
    }

    /** The log line about a repaired stream names the trace and client span of the traceparent its request carried. */
    @Test
    void theLogLineCarriesTheTraceContextTheRequestWasSentWith() throws Exception {
        ClientMatrix.runWithTraceContextAndCheck(upstream, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of("stream"), "httpurlconnection");
    }

    /** Without the agent the same reader gets the upstream's bytes as they are: the fixtures really deviate. */
    @Test
    void withoutTheAgentTheApplicationReadsTheDeviations() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), false, ForkedJvm.classpath("jdk", "jdk"), MAIN, List.of("stream"), false,
                StreamCase.Reader.STREAMING, false);
    }
}
