package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.SseReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults at the socket, through the JDK HttpClient (push adapter) and OkHttp (pull adapter) in forked JVMs
 * with the agent, on every JDK found: a connection reset in the middle of an event; a body dripped one byte
 * at a time; chunk boundaries inside UTF-8 sequences; a gzip body that OkHttp decodes by itself. (HTTP/2
 * over TLS is covered by JdkHttpClientIT and OkHttpIT.)
 */
class SocketFaultsIT {
    /** Multibyte text of every UTF-8 length: 2 (ü), 3 (–, 東, 京) and 4 bytes (😀, 𝄞). */
    static final String MULTIBYTE = "Z\u00fcrich \u2013 \u6771\u4eac \ud83d\ude00\ud834\udd1e";

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static RawUpstream raw;

    @BeforeAll
    static void start() throws Exception {
        raw = new RawUpstream();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
    }

    static Stream<Arguments> clients() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "jdk"), Arguments.of(jdk, "okhttp")));
    }

    /** Runs the JDK client (ofInputStream, HTTP/1.1) or OkHttp 4 (execute) over the URLs. */
    private static ForkedJvm.Exit runClient(Jdks.Jdk jdk, String client, List<String> jvmOptions, List<String> urls) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-javaagent:" + ForkedJvm.AGENT_JAR));
        jvm.addAll(jvmOptions);
        return runClientWith(jdk, client, jvm, urls);
    }

    private static ForkedJvm.Exit runClientWith(Jdks.Jdk jdk, String client, List<String> jvmOptions, List<String> urls) throws Exception {
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.addAll(jvmOptions);
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.streamReader(jdk, client, jvm, urls), 120);
        assertEquals(0, exit.code, exit.toString());
        return exit;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String argument(String url, Fixture f) {
        return f.requestFile() == null ? url : url + "::" + f.requestFile();
    }

    /** The offset of the middle of event {@code index} of a body. */
    static int middleOf(byte[] body, int index) {
        int offset = 0;
        List<SseReference.Event> events = SseReference.parse(body);
        for (int i = 0; i < index; i++) {
            offset += events.get(i).raw.length;
        }
        return offset + events.get(index).raw.length / 2;
    }

    /**
     * The upstream resets the connection in the middle of an event: the application gets an I/O error that
     * is not a streamguard: error but the very one it gets without the agent, after exactly the bytes the
     * guard had released (the complete events before the cut, repaired where needed); the report says
     * UPSTREAM_IO_ERROR (seen through the probe agent), the anomaly log has a line with that outcome per
     * stream, and the JMX counters count it in UpstreamIoErrors, with no failure and no truncation.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void aConnectionResetInTheMiddleOfAnEventReachesTheApplicationAsItsOwnIoError(Jdks.Jdk jdk, String client) throws Exception {
        // The fixture, the event the reset cuts, and what the guard repairs in the events before it (D1-D4 in
        // litellm-combined's second event): the client reads those events, as the fixture's expected output has them.
        Object[][] cuts = {{"openai/compliant-tool-call", 2, Map.of()},
            {"openai/litellm-combined", 2, Map.of(Deviation.D1, 1, Deviation.D2, 1, Deviation.D3, 1, Deviation.D4, 1)},
            {"anthropic/compliant-tool-use", 3, Map.of()}};
        List<String> urls = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        List<Map<Deviation, Integer>> deviations = new ArrayList<>();
        for (Object[] c : cuts) {
            Fixture f = Fixture.load((String) c[0]);
            byte[] body = bytes(f.input);
            int cut = middleOf(body, (Integer) c[1]);
            byte[] before = firstEvents(bytes(f.expected), (Integer) c[1]);
            for (boolean chunked : new boolean[] {false, true}) {
                RawUpstream.Script script = RawUpstream.Script.resetAfter(body, cut);
                urls.add(argument(raw.serve(chunked ? script.chunked() : script), f));
                sent.add(Arrays.copyOf(body, cut));
                expected.add(before);
                @SuppressWarnings("unchecked")
                Map<Deviation, Integer> d = (Map<Deviation, Integer>) c[2];
                deviations.add(d);
            }
        }
        ForkedJvm.Exit exit = runClient(jdk, client, List.of("-javaagent:" + ProbeAgentJar.get(), "-Dprobe.printReports=true",
                "-Dit.printCounters=true"), urls);
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(urls.size(), results.size(), exit.toString());
        // The same streams without the agent: the client's own error, after every byte that came.
        Map<Integer, ClientResult> unguarded = ClientResult.parse(runClientWith(jdk, client, List.of(), urls).stdout);
        Counters counters = new Counters();
        for (int i = 0; i < urls.size(); i++) {
            ClientResult r = results.get(i);
            String where = "stream " + i + " (" + cuts[i / 2][0] + (i % 2 == 1 ? ", chunked" : ", fixed length") + ")";
            assertEquals(ClientResult.readForm(expected.get(i)), r.read, where + ": the bytes before the reset");
            assertNotNull(r.errorClass, where + ": an I/O error");
            assertTrue(isIoException(r.errorClass), where + ": " + r.errorClass + " is an IOException");
            assertFalse(r.errorClass.equals("dev.streamguard.StreamGuardException"), where + ": not the guard's failure");
            assertFalse(String.valueOf(r.errorMessage).startsWith("streamguard:"), where + ": " + r.errorMessage);
            assertEquals(ClientResult.readForm(sent.get(i)), unguarded.get(i).read, where + ", without the agent: every byte sent");
            assertEquals(unguarded.get(i).errorClass + ": " + unguarded.get(i).errorMessage, r.errorClass + ": " + r.errorMessage,
                    where + ": the same error as without the agent");
            counters.resetStream(sent.get(i).length, expected.get(i).length, deviations.get(i));
            System.out.println("SocketFaultsIT reset " + jdk + " " + client + " " + where + ": " + r.errorClass + ": " + r.errorMessage);
        }
        List<String> probed = Counters.probeReports(exit.stdout);
        assertEquals(urls.size(), probed.size(), "one report per stream: " + probed);
        for (int i = 0; i < probed.size(); i++) {
            assertTrue(probed.get(i).contains("outcome=UPSTREAM_IO_ERROR") && !probed.get(i).contains("failure="), probed.get(i));
            Map<Deviation, Integer> inOrder = new java.util.EnumMap<>(Deviation.class);
            inOrder.putAll(deviations.get(i));
            assertTrue(probed.get(i).contains(", deviations=" + inOrder + ","), "stream " + i + ": " + probed.get(i));
        }
        long[] rewritten = new long[1];
        assertEquals(counters.expected(), Counters.printed(exit.stdout, rewritten), exit.stderr);
        assertEquals(2, rewritten[0], "litellm-combined's second event, in each of its two streams");
        assertEquals(urls.size(), exit.stderr.lines().filter(l -> l.contains(" WARN streamguard - stream ")
                && l.contains(" outcome=upstream_io_error cause=\"\" raised=\"\" ")).count(), exit.stderr);
    }

    /** The first {@code n} events of a body, as bytes. */
    private static byte[] firstEvents(byte[] body, int n) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<SseReference.Event> events = SseReference.parse(body);
        for (int i = 0; i < n; i++) {
            out.writeBytes(events.get(i).raw);
        }
        return out.toByteArray();
    }

    private static boolean isIoException(String className) {
        try {
            return IOException.class.isAssignableFrom(Class.forName(className, false, SocketFaultsIT.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The body with a cut inside every multibyte character of its {@link #MULTIBYTE} text (1, 2 or 3 bytes in). */
    static int[] cutsInsideMultibyte(byte[] body) {
        List<Integer> cuts = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0xff;
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (length > 1) {
                cuts.add(i + 1 + (k++ % (length - 1)));
                i += length - 1;
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A fixture dripped one byte at a time (1 ms apart) reads exactly as the whole body does, failures
     * included; a body with multibyte text, cut inside every multibyte character, reads exactly as expected.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void oneByteAtATimeAndUtf8SplitAcrossChunksReadExactlyAsTheWholeBody(Jdks.Jdk jdk, String client) throws Exception {
        String[] drips = {"openai/litellm-combined", "openai/d15-cut-mid-event", "openai/d22-crlf", "anthropic/d16-input-in-start"};
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < drips.length; i++) {
            Fixture f = Fixture.load(drips[i]);
            RawUpstream.Script drip = RawUpstream.Script.drip(bytes(f.input), 1);
            urls.add(argument(upstream.url(false, "/f/" + f.name), f));
            urls.add(argument(raw.serve(i % 2 == 0 ? drip : drip.chunked()), f));
        }
        String[] multibyte = {"openai/litellm-combined", "anthropic/d16-input-in-start"};
        List<String> expectedUtf8 = new ArrayList<>();
        for (String name : multibyte) {
            Fixture f = Fixture.load(name);
            assertTrue(f.input.contains("Paris") && f.expected.contains("Paris"));
            byte[] body = bytes(f.input.replace("Paris", MULTIBYTE));
            String expected = f.expected.replace("Paris", MULTIBYTE);
            int[] cuts = cutsInsideMultibyte(body);
            assertTrue(cuts.length == 6, "cuts inside every multibyte character: " + cuts.length);
            for (boolean chunked : new boolean[] {false, true}) {
                RawUpstream.Script split = RawUpstream.Script.cut(body, cuts).pause(15);
                urls.add(argument(raw.serve(chunked ? split.chunked() : split), f));
                expectedUtf8.add(expected);
            }
        }
        ForkedJvm.Exit exit = runClient(jdk, client, List.of(), urls);
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(urls.size(), results.size(), exit.toString());
        for (int i = 0; i < drips.length; i++) {
            Fixture f = Fixture.load(drips[i]);
            ClientResult whole = results.get(2 * i);
            ClientResult drip = results.get(2 * i + 1);
            String where = drips[i] + (i % 2 == 0 ? " (fixed length)" : " (chunked)");
            assertEquals(f.expected, whole.read, where + ": the whole body");
            assertEquals(f.failureMessage, whole.errorMessage, where + ": the whole body's failure");
            assertEquals(whole.read, drip.read, where + ": one byte at a time");
            assertEquals(whole.errorMessage, drip.errorMessage, where + ": one byte at a time, the failure");
            assertEquals(whole.errorClass, drip.errorClass, where);
        }
        for (int i = 0; i < expectedUtf8.size(); i++) {
            ClientResult r = results.get(2 * drips.length + i);
            String where = multibyte[i / 2] + " with multibyte text split inside characters" + (i % 2 == 0 ? "" : ", chunked");
            assertEquals(expectedUtf8.get(i), r.read, where);
            assertNull(r.errorMessage, where);
        }
        assertEquals(List.of(), raw.errors());
    }

    static Stream<Arguments> okHttps() {
        Stream<Arguments> versions = Stream.of("okhttp3", "okhttp4", "okhttp5").map(v -> Arguments.of(Jdks.current(), v));
        Stream<Arguments> otherJdks = Jdks.all().stream().skip(1).map(jdk -> Arguments.of(jdk, "okhttp4"));
        return Stream.concat(versions, otherJdks);
    }

    /**
     * A gzip body through OkHttp, whose application set no Accept-Encoding: OkHttp asks for gzip and decodes
     * it itself, before the guard, so the stream is guarded and repaired (or failed) as the plain one.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("okHttps")
    void okHttpDecodesGzipItselfSoTheStreamIsGuarded(Jdks.Jdk jdk, String version) throws Exception {
        String[] names = {"openai/litellm-combined", "openai/d15-cut-mid-arguments", "anthropic/d16-input-in-start"};
        List<String> args = new ArrayList<>(List.of("execute"));
        Counters counters = new Counters();
        for (String name : names) {
            Fixture f = Fixture.load(name);
            args.add(argument(upstream.url(false, "/gzip/" + name), f));
            counters.stream(bytes(f.input).length, bytes(f.expected).length, f.deviations, f.failureCause, !f.expected.equals(f.input));
        }
        List<String> jvm = new ArrayList<>(List.of("-javaagent:" + ForkedJvm.AGENT_JAR, "-Dit.printCounters=true"));
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(jdk, jvm, ForkedJvm.classpath("okhttp4", version),
                "dev.streamguard.it.client.OkHttpClientApp", args), 120);
        assertEquals(0, exit.code, exit.toString());
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        for (int i = 0; i < names.length; i++) {
            Fixture f = Fixture.load(names[i]);
            assertEquals(f.expected, results.get(i).read, names[i] + " through gzip");
            assertEquals(f.failureMessage, results.get(i).errorMessage, names[i] + " through gzip");
        }
        long[] rewritten = new long[1];
        assertEquals(counters.expected(), Counters.printed(exit.stdout, rewritten), exit.stderr);
        assertTrue(rewritten[0] >= 2, "events rewritten in the two repaired streams: " + rewritten[0]);
    }
}
