package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.SseReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail open, with a fault injected into the guard from outside the product: the test-only probe agent
 * ({@link ProbeAgentJar}) makes {@code OpenAiChunkScanner.scan} throw on chosen calls. The client reads
 * litellm-combined three times; the fault hits the third event of the first two streams. Each of them must
 * come through repaired up to that event and byte for byte as the upstream sent it from there on, and
 * complete without an error; the third stream is repaired whole (the guard goes on guarding). The agent
 * logs the internal error once (one place), and each of the two streams says it failed open: its anomaly log
 * line ({@code fail_open=}), its report, and JMX {@code FailOpens}.
 */
class FailOpenIT {
    private static final String FIXTURE = "openai/litellm-combined";
    /** litellm-combined scans each of its 4 events once: stream 1 is calls 1-3 (then unguarded), stream 2 calls 4-6. */
    private static final String FAULTS = "3,6";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> clients() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "jdk"), Arguments.of(jdk, "okhttp")));
    }

    private static List<byte[]> events(String body) {
        return SseReference.parse(body.getBytes(StandardCharsets.UTF_8)).stream().map(e -> e.raw).collect(Collectors.toList());
    }

    private static String text(byte[]... parts) {
        return new String(ClientResult.concat(parts), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void aFaultInsideTheGuardLetsTheRestOfTheStreamThroughByteForByteAndSaysSoOnce(Jdks.Jdk jdk, String client) throws Exception {
        Fixture f = Fixture.load(FIXTURE);
        List<byte[]> in = events(f.input);
        List<byte[]> out = events(f.expected);
        assertEquals(4, in.size());
        // Guarded up to the fault (event 2 repaired), then the upstream's own bytes (event 3 with its repeated
        // role, id, type and name; event 4 with its usage on a choice chunk and no [DONE] after it).
        String failedOpen = text(out.get(0), out.get(1), in.get(2), in.get(3));
        assertFalse(failedOpen.equals(f.input) || failedOpen.equals(f.expected));

        String url = upstream.url(false, "/f/" + FIXTURE);
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.addAll(List.of("-javaagent:" + ForkedJvm.AGENT_JAR, "-javaagent:" + ProbeAgentJar.get(), "-Dprobe.failScanAt=" + FAULTS,
                "-Dprobe.printReports=true", "-Dit.printCounters=true"));
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.streamReader(jdk, client, jvm, List.of(url, url, url)), 120);
        assertEquals(0, exit.code, exit.toString());
        assertTrue(exit.stderr.contains("probe: instrumented dev.streamguard.openai.OpenAiChunkScanner"), exit.stderr);

        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(3, results.size(), exit.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(failedOpen, results.get(i).read, "stream " + i + ": repaired up to the fault, the upstream's bytes after it");
            assertNull(results.get(i).errorClass, "stream " + i + " completes: " + results.get(i));
        }
        assertEquals(f.expected, results.get(2).read, "the next stream is guarded again");
        assertNull(results.get(2).errorClass);

        List<String> internal = exit.stderr.lines()
                .filter(l -> l.contains("internal error in the guard; the rest of that stream went through unguarded")).collect(Collectors.toList());
        assertEquals(1, internal.size(), "logged once for the one place: " + exit.stderr);
        assertTrue(internal.get(0).contains("java.lang.IllegalStateException at dev.streamguard.it.probe.ProbeHooks.scan"), internal.get(0));

        List<Map<String, String>> lines = ObservabilityIT.logLines(exit.stderr);
        assertEquals(3, lines.size(), "an anomaly line per stream (all three were repaired): " + exit.stderr);
        assertEquals(List.of("java.lang.IllegalStateException", "java.lang.IllegalStateException"),
                lines.stream().map(l -> l.get("fail_open")).filter(v -> v != null).collect(Collectors.toList()), exit.stderr);
        assertNull(lines.get(2).get("fail_open"), "the third stream did not fail open");

        List<String> reports = Counters.probeReports(exit.stdout);
        assertEquals(3, reports.size(), "one report per stream: " + reports);
        for (int i = 0; i < 3; i++) {
            assertTrue(reports.get(i).contains("outcome=COMPLETED"), reports.get(i));
            assertEquals(i < 2, reports.get(i).contains("failedOpen=java.lang.IllegalStateException at dev.streamguard.it.probe.ProbeHooks.scan"),
                    reports.get(i));
        }

        Map<String, String> counters = Counters.printed(exit.stdout);
        int inLength = f.input.getBytes(StandardCharsets.UTF_8).length;
        assertEquals("2", counters.get("FailOpens"));
        assertEquals("3", counters.get("StreamsGuarded"));
        assertEquals("0", counters.get("StreamsFailed"));
        assertEquals(String.valueOf(3 * inLength), counters.get("BytesIn"));
        assertEquals(String.valueOf(2 * failedOpen.getBytes(StandardCharsets.UTF_8).length + f.expected.getBytes(StandardCharsets.UTF_8).length),
                counters.get("BytesOut"));
    }
}
