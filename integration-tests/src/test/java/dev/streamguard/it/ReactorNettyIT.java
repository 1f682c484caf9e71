package dev.streamguard.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reactor Netty 1.2 (with Spring WebClient 6.2) and 1.3 (with WebClient 7.0) in forked JVMs with the agent:
 * Reactor Netty's own HttpClient, WebClient's {@code bodyToFlux(DataBuffer)} and
 * {@code bodyToFlux(ServerSentEvent)} read every deviation family, a JSON response and a non-LLM event stream
 * over HTTP/1.1 (fixed length and chunked) and HTTP/2 over TLS. Every JDK for 1.3; 1.2 on this one.
 */
class ReactorNettyIT {
    static final String MAIN = "dev.streamguard.it.client.ReactorNettyClientApp";
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
                new Object[] {"httpclient", StreamCase.Reader.STREAMING},
                new Object[] {"webclient-bytes", StreamCase.Reader.STREAMING},
                new Object[] {"webclient-sse", StreamCase.Reader.EVENTS});
        return Jdks.all().stream().flatMap(jdk -> Stream.of("reactor-netty13", "reactor-netty")
                .filter(version -> version.equals("reactor-netty13") || jdk.equals(Jdks.current()))
                .flatMap(version -> modes.stream().flatMap(m -> Stream.of("1.1", "2")
                        .map(http -> Arguments.of(jdk, version, m[0], m[1], http)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} HTTP/{4}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String version, String mode, StreamCase.Reader reader, String http)
            throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("reactor-netty", version), MAIN, List.of(mode, http),
                http.equals("2"), reader);
    }

    static Stream<Arguments> heldOpenCases() {
        return cases().filter(a -> a.get()[4].equals("1.1") && a.get()[1].equals("reactor-netty13") && a.get()[0].equals(Jdks.current()))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3]));
    }

    /**
     * Every way of reading ends a body whose connection stays open after the terminal event within a second
     * (D42), where without the guard it would wait for the upstream (20 s). Timed once warm: the first bodies in
     * a JVM cost about a second by themselves (Reactor Netty's and Spring's codecs start).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("heldOpenCases")
    void aConnectionHeldOpenAfterTheTerminalEventEndsTheBody(Jdks.Jdk jdk, String version, String mode, StreamCase.Reader reader)
            throws Exception {
        ClientMatrix.runHeldOpenAndCheck(jdk, ForkedJvm.classpath("reactor-netty", version), MAIN, List.of(mode, "1.1"), reader, true);
    }
}
