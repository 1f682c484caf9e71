package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.SseEvents;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reactor Netty 1.1 (with Spring WebClient 6.1), 1.2 (WebClient 6.2) and 1.3 (WebClient 7.0) in forked JVMs
 * with the agent: Reactor Netty's own HttpClient, WebClient's {@code bodyToFlux(DataBuffer)} and
 * {@code bodyToFlux(ServerSentEvent)}, and RestClient on Reactor Netty (Spring 6.2 and later) read every deviation family, a JSON response and a non-LLM event stream
 * over HTTP/1.1 (fixed length and chunked) and HTTP/2 over TLS. Every JDK for 1.3; 1.1 and 1.2 on this one.
 * Then, on 1.3: backpressure, a cancel, BlockHound and Netty's leak detector, and an attach.
 */
class ReactorNettyIT {
    static final String MAIN = "dev.streamguard.it.client.ReactorNettyClientApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> cases() {
        List<Object[]> modes = List.of(
                new Object[] {"httpclient", StreamCase.Reader.STREAMING},
                new Object[] {"webclient-bytes", StreamCase.Reader.STREAMING},
                new Object[] {"webclient-sse", StreamCase.Reader.EVENTS},
                new Object[] {"restclient", StreamCase.Reader.STREAMING});
        return Jdks.all().stream().flatMap(jdk -> Stream.of("reactor-netty13", "reactor-netty", "reactor-netty11")
                .filter(version -> version.equals("reactor-netty13") || jdk.equals(Jdks.current()))
                // RestClient's Reactor Netty request factory came with Spring 6.2, over Reactor Netty 1.2.
                .flatMap(version -> modes.stream().filter(m -> !(m[0].equals("restclient") && version.equals("reactor-netty11")))
                        .flatMap(m -> Stream.of("1.1", "2").map(http -> Arguments.of(jdk, version, m[0], m[1], http)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} HTTP/{4}")
    @MethodSource("cases")
    void everyStreamReadsAsTheGuardPromises(Jdks.Jdk jdk, String version, String mode, StreamCase.Reader reader, String http)
            throws Exception {
        ClientMatrix.runAndCheck(upstream, jdk, true, ForkedJvm.classpath("reactor-netty", version), MAIN, List.of(mode, http),
                http.equals("2"), reader, true, c -> !mode.equals("restclient") || !needsTheRequest(c));
    }

    /**
     * Under BlockHound and Netty's leak detector ({@link EventLoopWatch}), every case (compliant, repaired, failed,
     * flooded) read through WebClient's events and Reactor Netty's own client: no blocking call with
     * StreamGuard's code on the stack on an event loop, and no buffer leaked.
     */
    @ParameterizedTest(name = "{0} {1} HTTP/{3}")
    @MethodSource("eventLoopCases")
    void theEventLoopIsNeverBlockedAndNoBufferLeaks(String version, String mode, StreamCase.Reader reader, String http) throws Exception {
        try (EventLoopWatch watch = new EventLoopWatch()) {
            ForkedJvm.Exit exit = ClientMatrix.run(upstream, Jdks.current(), true, watch.jvmOptions(), ForkedJvm.classpath("reactor-netty", version),
                    MAIN, List.of(mode, http), http.equals("2"), reader, true, c -> true);
            watch.assertClean(exit);
        }
    }


    /**
     * A failure reaches the application as its client reports failures. Through the reactive chain's error
     * signal, Reactor Netty's own client gets the {@code StreamGuardException} itself (Reactor's {@code blockLast},
     * which the test client calls, rethrows a checked exception inside a {@code ReactiveException}), and WebClient
     * wraps it, as it wraps any failure of a body, in a {@code WebClientResponseException}. RestClient's body
     * stream throws it from {@code read()} inside a {@code ReactiveException} (Spring's stream over Reactor).
     */
    @org.junit.jupiter.api.Test
    void aFailureReachesTheApplicationAsItsClientReportsFailures() throws Exception {
        dev.streamguard.testing.Fixture f = dev.streamguard.testing.Fixture.load("openai/d15-cut-mid-arguments");
        String reactive = "reactor.core.Exceptions$ReactiveException";
        java.util.Map<String, List<String>> wrappers = new java.util.LinkedHashMap<>();
        wrappers.put("httpclient", List.of(reactive));
        wrappers.put("webclient-sse", List.of("org.springframework.web.reactive.function.client.WebClientResponseException"));
        wrappers.put("restclient", List.of(reactive));
        for (java.util.Map.Entry<String, List<String>> mode : wrappers.entrySet()) {
            List<String> jvm = new java.util.ArrayList<>(upstream.trustOptions());
            jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("reactor-netty", "reactor-netty13"),
                    MAIN, List.of(mode.getKey(), "1.1", upstream.url(false, "/f/" + f.name))), 60);
            ClientResult r = ClientResult.parse(exit.stdout).get(0);
            assertEquals("dev.streamguard.StreamGuardException", r.errorClass, mode.getKey());
            assertEquals(f.failureMessage, r.errorMessage, mode.getKey());
            List<String> wrapped = exit.stdout.stream().filter(l -> l.startsWith("WRAPPED ")).map(l -> l.substring(8))
                    .collect(Collectors.toList());
            assertEquals(mode.getValue(), wrapped, mode.getKey());
        }
    }

    /** WebClient's {@code bodyToFlux(String)}, which gives an event stream's data only, gets every event's data. */
    @org.junit.jupiter.api.Test
    void webClientStringsGetEveryEventsData() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), true, ForkedJvm.classpath("reactor-netty", "reactor-netty13"), MAIN,
                List.of("webclient-string", "1.1"), false, StreamCase.Reader.DATA, true);
    }

    /** Backpressure keeps its meaning: a subscriber that asks for one event at a time gets every event of every case. */
    @org.junit.jupiter.api.Test
    void aSubscriberAskingForOneEventAtATimeGetsEveryEvent() throws Exception {
        ClientMatrix.runAndCheck(upstream, Jdks.current(), true, ForkedJvm.classpath("reactor-netty", "reactor-netty13"), MAIN,
                List.of("webclient-sse-one-by-one", "1.1"), false, StreamCase.Reader.EVENTS, true);
    }

    /**
     * A cancel keeps its meaning: with a pool of one connection, an application that takes the first event of a
     * guarded stream and cancels still gets its next stream (it would wait for the connection and fail after 5 s
     * otherwise), every time, for compliant, repaired and failing streams alike; the guard reports each cancelled
     * stream (the JMX counters count every one), and the cancelled streams leak no buffer (Netty's detector at
     * paranoid).
     */
    @org.junit.jupiter.api.Test
    void aCancelGivesTheConnectionBack() throws Exception {
        List<StreamCase> cases = StreamCase.all(upstream, false, true, true).stream()
                .filter(c -> c.label.startsWith("openai/compliant-") || c.label.startsWith("anthropic/compliant-")
                        || c.label.startsWith("openai/litellm-combined") || c.label.startsWith("openai/d15-cut-mid-arguments"))
                .collect(Collectors.toList());
        List<String> args = new java.util.ArrayList<>(List.of("webclient-sse-first", "1.1"));
        cases.forEach(c -> args.add(c.argument()));
        List<String> jvm = new java.util.ArrayList<>(upstream.trustOptions());
        jvm.addAll(List.of("-Dit.oneConnection=true", "-Dit.leakCheck=true", "-Dio.netty.leakDetection.level=paranoid",
                "-Dit.printCounters=true", "-javaagent:" + ForkedJvm.AGENT_JAR));
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("reactor-netty", "reactor-netty13"),
                MAIN, args), 120);
        assertEquals(0, exit.code, exit.toString());
        java.util.Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertTrue(cases.size() >= 6, "cases: " + cases);
        for (int i = 0; i < cases.size(); i++) {
            SseEvents.Event first = SseEvents.parse(new String(cases.get(i).expected, java.nio.charset.StandardCharsets.UTF_8)).get(0);
            ClientResult r = results.get(i);
            assertEquals(List.of(ClientResult.eventForm(first.name, first.data)), r.events, cases.get(i).label);
            assertEquals(null, r.errorMessage, cases.get(i).label);
        }
        assertEquals(String.valueOf(cases.size()), Counters.printed(exit.stdout).get("StreamsGuarded"), "every cancelled stream reported");
        EventLoopWatch.assertOnlyTheDeliberateLeak(exit.stderr);
    }

    /**
     * The production hotfix: a service that has already streamed through Reactor Netty (its classes loaded) gets
     * the agent by attach, and its next streams through the same client are guarded.
     */
    @org.junit.jupiter.api.Test
    void attachedToARunningServiceItsNextStreamsAreGuarded() throws Exception {
        List<String> fixtures = List.of("openai/litellm-combined", "openai/d15-cut-mid-arguments", "anthropic/d18-unnamed-events");
        List<String> args = new java.util.ArrayList<>(List.of("httpclient", "1.1"));
        fixtures.forEach(f -> args.add(upstream.url(false, "/f/" + f)));
        List<String> jvm = new java.util.ArrayList<>(upstream.trustOptions());
        jvm.addAll(List.of("-Dit.attachPause=true", "-XX:+EnableDynamicAgentLoading"));
        AttachedTarget target = AttachedTarget.run(Jdks.current(), jvm, ForkedJvm.classpath("reactor-netty", "reactor-netty13"), MAIN, args,
                pid -> { });
        java.util.Map<Integer, ClientResult> results = ClientResult.parse(target.stdout);
        for (int i = 0; i < fixtures.size(); i++) {
            dev.streamguard.testing.Fixture f = dev.streamguard.testing.Fixture.load(fixtures.get(i));
            ClientResult before = results.get(i);
            ClientResult after = results.get(fixtures.size() + i);
            assertEquals(f.input, before.read, f.name + " before the attach");
            assertEquals(null, before.errorMessage, f.name + " before the attach");
            if (f.failureMessage == null) {
                assertEquals(f.expected, after.read, f.name + " after the attach");
            } else {
                assertEquals(f.failureMessage, after.errorMessage, f.name + " after the attach");
            }
        }
        assertEquals(1, target.stderr.lines().filter(l -> l.contains(" active (attached)")).count(), target.stderr);
    }

    /** Both protocols on 1.3 (Netty 4.2); WebClient's events over HTTP/1.1 on 1.1 and 1.2 (Netty 4.1). */
    static Stream<Arguments> eventLoopCases() {
        return Stream.concat(Stream.of("1.1", "2").flatMap(http -> Stream.of(
                        Arguments.of("reactor-netty13", "webclient-sse", StreamCase.Reader.EVENTS, http),
                        Arguments.of("reactor-netty13", "httpclient", StreamCase.Reader.STREAMING, http))),
                Stream.of("reactor-netty", "reactor-netty11").map(v -> Arguments.of(v, "webclient-sse", StreamCase.Reader.EVENTS, "1.1")));
    }

    /**
     * Whether a case's outcome depends on the request the guard read: RestClient streams its request body,
     * which the guard does not read (see the README's limitations), so D17's required input and D32's "no
     * events" for an LLM request do not apply to it.
     */
    private static boolean needsTheRequest(StreamCase c) {
        return c.label.startsWith("anthropic/d17-lost-input-required") || c.label.startsWith("openai/d32-");
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
