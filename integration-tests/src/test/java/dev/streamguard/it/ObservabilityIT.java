package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.it.client.ClientOutput;
import dev.streamguard.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an SRE sees: exact JMX counters after known streams through each client, the anomaly log line of a
 * repaired and of a failed stream (documented keys, no secret), a mode switch at run time, status from the
 * command line, and Flight Recorder events in a recording started with jcmd.
 */
class ObservabilityIT {
    private static final String REQUEST_MARKER = "MARKER-REQUEST-BODY-41d";
    private static final String QUERY_SECRET = "qs-SECRET-88e";
    private static final List<String> LOG_KEYS = List.of("ts", "host", "path", "client", "protocol", "model", "mode",
            "outcome", "cause", "raised", "rules", "caps", "events_in", "events_out", "bytes_in", "bytes_out", "duration_ms");
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static Path request;

    @BeforeAll
    static void start() throws Exception {
        request = Files.createTempFile("streamguard-it-request", ".json");
        Files.writeString(request, "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + REQUEST_MARKER + "\"}]}");
    }

    @AfterAll
    static void stop() throws Exception {
        Files.deleteIfExists(request);
    }

    static Stream<Arguments> clients() {
        return Stream.of(Arguments.of("jdk", "jdk", "dev.streamguard.it.client.JdkClientApp", List.of("ofString", "1.1")),
                Arguments.of("okhttp", "okhttp4", "dev.streamguard.it.client.OkHttpClientApp", List.of("execute")));
    }

    private static int length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void afterKnownStreamsEveryCounterHasItsExactValueAndTheLogShowsThemWithoutSecrets(String client, String module, String main,
                                                                                      List<String> leading) throws Exception {
        String[] fixtures = {"openai/compliant-text", "openai/litellm-combined", "openai/d15-cut-mid-arguments",
            "anthropic/d16-input-in-start", "anthropic/error-event", "openai/d24-stop-before-content"};
        List<String> args = new ArrayList<>(leading);
        long bytesIn = 0;
        long bytesOut = 0;
        for (String f : fixtures) {
            args.add(upstream.url(false, "/f/" + f + "?api_key=" + QUERY_SECRET) + "::" + request);
            bytesIn += length(Fixture.load(f).input);
            bytesOut += length(Fixture.load(f).expected);
        }
        args.add(upstream.url(false, "/plain-sse"));
        args.add(upstream.url(false, "/gzip/openai/litellm-combined"));
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        jvm.add("-Dit.printCounters=true");
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("okhttp4".equals(module) ? "okhttp4" : "jdk", module), main, args), 120);
        assertEquals(0, exit.code, exit.toString());

        // OkHttp asked for gzip itself and decodes it before the guard sees the body: that stream is guarded
        // (one more litellm-combined); the JDK client never decodes, so there it is left unguarded.
        boolean decodes = client.equals("okhttp");
        if (decodes) {
            bytesIn += length(Fixture.load("openai/litellm-combined").input);
            bytesOut += length(Fixture.load("openai/litellm-combined").expected);
        }
        int litellm = decodes ? 2 : 1;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Mode", "enforce");
        expected.put("StreamsGuarded", String.valueOf(5 + litellm));
        expected.put("StreamsRepaired", String.valueOf(2 + litellm));
        expected.put("StreamsFailed", "1");
        expected.put("StreamsPassedThrough", "1");
        expected.put("StreamsUnguarded", decodes ? "0" : "1");
        // d16: its start; d24: its first chunk (its early finish taken off) and the finish chunk the guard adds.
        expected.put("EventsRewritten", String.valueOf(3 + 4 * litellm));
        expected.put("CapHits", "0");
        expected.put("Truncations", "1");
        expected.put("UpstreamErrors", "1");
        expected.put("InvalidToolArguments", "0");
        expected.put("MissingToolInputs", "0");
        expected.put("IdleTimeouts", "0");
        expected.put("UpstreamIoErrors", "0");
        expected.put("FailOpens", "0");
        expected.put("BytesIn", String.valueOf(bytesIn));
        expected.put("BytesOut", String.valueOf(bytesOut));
        String twice = String.valueOf(2 * litellm);
        String once = String.valueOf(litellm);
        Map<String, String> deviations = Map.of("D1", twice, "D2", twice, "D3", twice, "D4", twice, "D11", once, "D14", once, "D24", "1",
                "D23", once, "D15", "1", "D16", "1");
        for (Deviation d : Deviation.values()) {
            // Every id of the catalog has its counter, the ones this run did not meet at zero.
            expected.put(d.name(), deviations.getOrDefault(d.name(), "0"));
        }
        Map<String, String> counters = exit.stdout.stream().filter(l -> l.startsWith("COUNTER "))
                .map(l -> l.split(" ", 3)).collect(Collectors.toMap(p -> p[1], p -> p[2], (a, b) -> b, LinkedHashMap::new));
        assertEquals(expected, counters);

        List<Map<String, String>> lines = logLines(exit.stderr);
        assertEquals(4 + litellm, lines.size(), "a line for each stream repaired or failed: " + exit.stderr);
        for (Map<String, String> line : lines) {
            assertEquals(LOG_KEYS, new ArrayList<>(line.keySet()), "the documented keys, in order");
            assertEquals(client, line.get("client"));
            assertEquals("127.0.0.1", line.get("host"));
            if (!line.get("path").startsWith("/gzip/")) {
                assertEquals("gpt-test", line.get("model"));
            }
            assertFalse(line.get("path").contains("?"), "no query in the path");
        }
        Map<String, String> repaired = lines.stream().filter(l -> l.get("path").endsWith("litellm-combined")).findFirst().orElseThrow();
        assertEquals("repaired", repaired.get("outcome"));
        assertEquals("D1:2,D2:2,D3:2,D4:2,D11:1,D14:1,D23:1", repaired.get("rules"));
        assertEquals("4", repaired.get("events_in"));
        assertEquals("6", repaired.get("events_out"));
        Map<String, String> earlyFinish = lines.stream().filter(l -> l.get("path").endsWith("d24-stop-before-content")).findFirst().orElseThrow();
        assertEquals("repaired", earlyFinish.get("outcome"));
        assertEquals("D24:1", earlyFinish.get("rules"));
        assertEquals("4", earlyFinish.get("events_in"));
        assertEquals("5", earlyFinish.get("events_out"));
        Map<String, String> failed = lines.stream().filter(l -> l.get("path").endsWith("d15-cut-mid-arguments")).findFirst().orElseThrow();
        assertEquals("failed", failed.get("outcome"));
        assertEquals("truncated", failed.get("cause"));
        assertEquals("true", failed.get("raised"));
        assertEquals("D15:1", failed.get("rules"));
        String everything = exit.stderr + String.join("\n", exit.stdout.stream().filter(l -> !l.startsWith("BYTES")).collect(Collectors.toList()));
        for (String secret : List.of(ClientOutput.SECRET, QUERY_SECRET, REQUEST_MARKER, "Paris", "Bearer", "Authorization")) {
            assertFalse(everything.contains(secret), "the agent's output must not contain " + secret + ":\n" + exit.stderr);
        }
    }

    /** The anomaly log lines in the output, as ordered key/value maps. */
    static List<Map<String, String>> logLines(String stderr) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            int at = line.indexOf(" streamguard - stream ");
            if (at < 0) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            String rest = line.substring(at + " streamguard - stream ".length());
            int i = 0;
            while (i < rest.length()) {
                int eq = rest.indexOf('=', i);
                String key = rest.substring(i, eq);
                String value;
                if (rest.charAt(eq + 1) == '"') {
                    int close = rest.indexOf('"', eq + 2);
                    value = rest.substring(eq + 2, close);
                    i = close + 2;
                } else {
                    int space = rest.indexOf(' ', eq);
                    value = rest.substring(eq + 1, space < 0 ? rest.length() : space);
                    i = space < 0 ? rest.length() : space + 1;
                }
                fields.put(key, value);
            }
            out.add(fields);
        }
        return out;
    }

    /** The service (AttachTargetApp) with the agent from its start: round one, then commands against it, then round two. */
    private static TwoRoundService service(List<String> extraJvm, List<String> urls) throws Exception {
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        jvm.addAll(extraJvm);
        return new TwoRoundService(Jdks.current(), jvm, ForkedJvm.classpath("okhttp4", "okhttp4"),
                "dev.streamguard.it.client.AttachTargetApp", urls);
    }

    private static ForkedJvm.Exit cli(String... args) throws Exception {
        return ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of(), ForkedJvm.AGENT_JAR.toString(),
                "dev.streamguard.agent.cli.StreamGuardCli", List.of(args)), 60);
    }

    @Test
    void aModeSwitchFromTheCommandLineAppliesToTheNextStreamsAndStatusShowsIt() throws Exception {
        Fixture f = Fixture.load("openai/litellm-combined");
        try (TwoRoundService service = service(List.of(), List.of(upstream.url(false, "/f/" + f.name)))) {
            ForkedJvm.Exit mode = cli("mode", service.pid, "observe");
            assertEquals(0, mode.code, mode.toString());
            assertEquals("streamguard: mode of " + service.pid + " is now observe (was enforce); streams that start from now on use it",
                    mode.stdout.get(0));
            ForkedJvm.Exit status = cli("status", service.pid);
            assertEquals(0, status.code, status.toString());
            assertTrue(status.stdout.contains("Mode: observe"), status.stdout.toString());
            assertTrue(status.stdout.contains("StreamsGuarded: 2"), status.stdout.toString());
            assertTrue(status.stdout.contains("StreamsRepaired: 2"), status.stdout.toString());
            assertTrue(status.stdout.contains("D1: 4"), status.stdout.toString());
            assertTrue(status.stdout.contains("  streamguard.mode=observe (a change at run time)"), status.stdout.toString());
            // Both clients' classes, by name, with what became of them.
            assertTrue(status.stdout.contains("  jdk.internal.net.http.MultiExchange: instrumented"), status.stdout.toString());
            assertTrue(status.stdout.stream().anyMatch(l -> l.matches("  okhttp3\\.(internal\\.connection\\.)?RealCall: instrumented")),
                    status.stdout.toString());
            Map<Integer, ClientResult> r = ClientResult.parse(service.finish());
            assertEquals(f.expected, r.get(0).read, "jdk, enforce");
            assertEquals(f.expected, r.get(1).read, "okhttp, enforce");
            assertEquals(f.input, r.get(2).read, "jdk, observe: the bytes as they came");
            assertEquals(f.input, r.get(3).read, "okhttp, observe");
            List<Map<String, String>> lines = logLines(service.stderr());
            assertEquals(List.of("repaired", "repaired", "would_repair", "would_repair"),
                    lines.stream().map(l -> l.get("outcome")).collect(Collectors.toList()));
        }
    }

    @Test
    void statusAndModeOfAJvmWithoutStreamGuardSaySoAndFail() throws Exception {
        Process plain = ForkedJvm.command(Jdks.current(), List.of(), ForkedJvm.classpath("jdk", "jdk"),
                "dev.streamguard.it.client.JdkClientApp", List.of("ofString", "1.1")).start();
        try {
            ProcessHandle handle = plain.toHandle();
            ForkedJvm.Exit status = ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of(), ForkedJvm.AGENT_JAR.toString(),
                    "dev.streamguard.agent.cli.StreamGuardCli", List.of("status", "999999999")), 60);
            assertEquals(1, status.code);
            assertTrue(status.stderr.startsWith("streamguard: cannot read the status of 999999999"), status.stderr);
            assertTrue(handle.pid() > 0);
        } finally {
            plain.destroyForcibly();
        }
    }

    @Test
    void flightRecorderEventsAppearInARecordingStartedWithJcmd() throws Exception {
        Path jfr = Files.createTempFile("streamguard", ".jfr");
        List<String> urls = List.of(upstream.url(false, "/f/openai/litellm-combined"),
                upstream.url(false, "/f/openai/d15-cut-mid-arguments"));
        try (TwoRoundService service = service(List.of(), urls)) {
            ForkedJvm.Exit jcmd = ForkedJvm.run(new ProcessBuilder(Jdks.current().home.resolve("bin/jcmd").toString(), service.pid,
                    "JFR.start", "name=streamguard", "dumponexit=true", "filename=" + jfr), 60);
            assertEquals(0, jcmd.code, jcmd.toString());
            ClientResult.parse(service.finish());
        }
        Map<String, List<RecordedEvent>> events = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().startsWith("dev.streamguard.")) {
                events.computeIfAbsent(e.getEventType().getName(), k -> new ArrayList<>()).add(e);
            }
        }
        Files.deleteIfExists(jfr);
        assertEquals(2, events.get("dev.streamguard.StreamRepaired").size(), "litellm-combined through each client after the start");
        assertEquals(2, events.get("dev.streamguard.StreamFailed").size(), "d15 through each client");
        RecordedEvent repaired = events.get("dev.streamguard.StreamRepaired").get(0);
        assertEquals("/f/openai/litellm-combined", repaired.getString("path"));
        assertEquals("openai_chat", repaired.getString("protocol"));
        assertEquals("D1:2,D2:2,D3:2,D4:2,D11:1,D14:1,D23:1", repaired.getString("rules"));
        assertEquals(4, repaired.getLong("eventsIn"));
        RecordedEvent failed = events.get("dev.streamguard.StreamFailed").get(0);
        assertEquals("TRUNCATED", failed.getString("cause"));
        assertTrue(failed.getBoolean("raised"));
        assertEquals(Fixture.load("openai/d15-cut-mid-arguments").input.length(), failed.getLong("bytesIn"));
    }
}
