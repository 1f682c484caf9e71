package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped exporter configuration ({@code examples/prometheus/streamguard-jmx-exporter.yaml}) with the real
 * Prometheus JMX exporter agent beside StreamGuard's: two service JVMs read known streams (each through the JDK
 * client and OkHttp), then the test scrapes each one's {@code /metrics} over HTTP. Every StreamGuard series must be
 * there with its exact value; both JVMs must show the same series (names and labels), their values their own
 * traffic, so that Prometheus's target labels alone tell them apart and one query sums a fleet.
 */
class PrometheusExporterIT {
    static final Path EXPORTER_AGENT = Paths.get(System.getProperty("streamguard.it.prometheusAgentJar",
            ForkedJvm.ROOT.resolve("target/prometheus/jmx_prometheus_javaagent.jar").toString()));
    static final Path CONFIG = ForkedJvm.ROOT.resolve("../examples/prometheus/streamguard-jmx-exporter.yaml").normalize();
    /** The counters that have a series of their own, as the MBean names them, with their series' names. */
    private static final Map<String, String> COUNTERS = Map.of("StreamsGuarded", "streamguard_streams_guarded_total",
            "StreamsRepaired", "streamguard_streams_repaired_total", "StreamsFailed", "streamguard_streams_failed_total",
            "StreamsPassedThrough", "streamguard_streams_passed_through_total", "StreamsUnguarded", "streamguard_streams_unguarded_total",
            "EventsRewritten", "streamguard_events_rewritten_total", "UpstreamIoErrors", "streamguard_upstream_io_errors_total",
            "FailOpens", "streamguard_fail_opens_total", "BytesIn", "streamguard_bytes_in_total", "BytesOut", "streamguard_bytes_out_total");
    private static final List<String> CAUSES = List.of("cap_exceeded", "truncated", "upstream_error", "invalid_tool_arguments",
            "missing_tool_input", "idle_timeout");

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    /** On every JDK the service may run on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamguard.it.Jdks#all")
    void everySeriesHasItsExactValueAndTwoJvmsDifferOnlyInTheirValues(Jdks.Jdk jdk) throws Exception {
        // JVM one: a repaired stream, a cut one (D15), a Gemini error chunk (G2) and a compliant one; JVM two: two compliant ones.
        List<String> one = List.of("openai/litellm-combined", "openai/d15-cut-mid-arguments", "gemini/g2-error", "openai/compliant-text");
        List<String> two = List.of("openai/compliant-text", "anthropic/compliant-text");
        Map<String, Double> first = scrapeAfterRoundOne(jdk, one);
        Map<String, Double> second = scrapeAfterRoundOne(jdk, two);

        Map<String, Double> expectedOne = zeros();
        // Each stream is read twice (JDK client, OkHttp).
        expectedOne.put("streamguard_streams_guarded_total", 8.0);
        expectedOne.put("streamguard_streams_repaired_total", 2.0);
        expectedOne.put("streamguard_streams_failed_total", 4.0);
        // litellm-combined: four of its events rewritten (as ObservabilityIT counts them).
        expectedOne.put("streamguard_events_rewritten_total", 8.0);
        expectedOne.put("streamguard_bytes_in_total", 2.0 * bytes(one, false));
        expectedOne.put("streamguard_bytes_out_total", 2.0 * bytes(one, true));
        expectedOne.put("streamguard_failures_total{cause=\"truncated\"}", 2.0);
        expectedOne.put("streamguard_failures_total{cause=\"upstream_error\"}", 2.0);
        for (String rule : List.of("D1", "D2", "D3", "D4")) {
            expectedOne.put("streamguard_deviations_total{rule=\"" + rule + "\"}", 4.0);
        }
        for (String rule : List.of("D11", "D14", "D23", "D15", "G2")) {
            expectedOne.put("streamguard_deviations_total{rule=\"" + rule + "\"}", 2.0);
        }
        first.forEach((k, v) -> {
            if (v != 0) {
                System.out.println("PrometheusExporterIT " + jdk + ", first JVM: " + k + " " + v);
            }
        });
        assertEquals(expectedOne, first);

        Map<String, Double> expectedTwo = zeros();
        expectedTwo.put("streamguard_streams_guarded_total", 4.0);
        expectedTwo.put("streamguard_bytes_in_total", 2.0 * bytes(two, false));
        expectedTwo.put("streamguard_bytes_out_total", 2.0 * bytes(two, true));
        assertEquals(expectedTwo, second);
        assertEquals(first.keySet(), second.keySet(), "the same series in both JVMs");
    }

    /** Every series of the configuration at zero, the mode's series at 1. */
    private static Map<String, Double> zeros() {
        Map<String, Double> all = new TreeMap<>();
        all.put("streamguard_mode{mode=\"enforce\"}", 1.0);
        COUNTERS.values().forEach(name -> all.put(name, 0.0));
        CAUSES.forEach(cause -> all.put("streamguard_failures_total{cause=\"" + cause + "\"}", 0.0));
        for (Deviation d : Deviation.values()) {
            all.put("streamguard_deviations_total{rule=\"" + d.name() + "\"}", 0.0);
        }
        return all;
    }

    private static long bytes(List<String> fixtures, boolean delivered) {
        long n = 0;
        for (String f : fixtures) {
            Fixture fixture = Fixture.load(f);
            n += (delivered ? fixture.expected : fixture.input).getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** Starts a service with both agents, lets it read its streams once, and scrapes its StreamGuard series. */
    private static Map<String, Double> scrapeAfterRoundOne(Jdks.Jdk jdk, List<String> fixtures) throws Exception {
        int port = freePort();
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        jvm.add("-javaagent:" + EXPORTER_AGENT + "=127.0.0.1:" + port + ":" + CONFIG);
        List<String> urls = new ArrayList<>();
        for (String f : fixtures) {
            urls.add(upstream.url(false, "/f/" + f));
        }
        try (TwoRoundService service = new TwoRoundService(jdk, jvm, ForkedJvm.classpath("okhttp4", "okhttp4"),
                "dev.streamguard.it.client.AttachTargetApp", urls)) {
            Map<String, Double> series = streamGuardSeries(port);
            service.finish();
            return series;
        }
    }

    /**
     * The {@code streamguard_} series of {@code /metrics} (name with labels, value). The agent registers its MBean
     * once the platform MBean server exists, which the exporter makes at its start: a scrape before that has none,
     * so it is tried again for up to 10 s.
     */
    private static Map<String, Double> streamGuardSeries(int port) throws Exception {
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = get("http://127.0.0.1:" + port + "/metrics");
            if (text.contains("\nstreamguard_")) {
                break;
            }
            Thread.sleep(100);
        }
        Map<String, Double> series = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE streamguard_")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
            }
            if (line.startsWith("streamguard_")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        assertTrue(!series.isEmpty(), "no StreamGuard series in:\n" + text);
        Map<String, String> expectedTypes = new TreeMap<>();
        expectedTypes.put("streamguard_mode", "gauge");
        expectedTypes.put("streamguard_deviations_total", "counter");
        expectedTypes.put("streamguard_failures_total", "counter");
        COUNTERS.values().forEach(name -> expectedTypes.put(name, "counter"));
        assertEquals(expectedTypes, types, "the metric families and their types");
        return series;
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
