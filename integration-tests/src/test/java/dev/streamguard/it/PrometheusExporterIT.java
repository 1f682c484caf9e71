package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
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

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    /** On every JDK the service may run on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamguard.it.Jdks#all")
    void everySeriesHasItsExactValueAndTwoJvmsDifferOnlyInTheirValues(Jdks.Jdk jdk) throws Exception {
        Map<String, Double> first = scrapeAfterRoundOne(jdk, KnownTraffic.MIXED);
        Map<String, Double> second = scrapeAfterRoundOne(jdk, KnownTraffic.COMPLIANT);
        first.forEach((k, v) -> {
            if (v != 0) {
                System.out.println("PrometheusExporterIT " + jdk + ", first JVM: " + k + " " + v);
            }
        });
        // Each JVM's whole set of series, written out for its traffic: the same names and labels, their own values.
        assertEquals(series(KnownTraffic.countersAfter(KnownTraffic.MIXED)), first);
        assertEquals(series(KnownTraffic.countersAfter(KnownTraffic.COMPLIANT)), second);
    }

    /** The series the configuration makes of the MBean's counters (attribute names), with the mode's series. */
    private static Map<String, Double> series(Map<String, Long> counters) {
        Map<String, Double> all = new TreeMap<>();
        all.put("streamguard_mode{mode=\"enforce\"}", 1.0);
        counters.forEach((attribute, value) -> all.put(seriesName(attribute), (double) value));
        return all;
    }

    /** Written out, not derived from the configuration: StreamsPassedThrough is streamguard_streams_passed_through_total. */
    private static String seriesName(String attribute) {
        if (KnownTraffic.CAUSES.containsKey(attribute)) {
            return "streamguard_failures_total{cause=\"" + KnownTraffic.CAUSES.get(attribute) + "\"}";
        }
        if (KnownTraffic.STREAMS.containsKey(attribute)) {
            return "streamguard_streams_" + KnownTraffic.STREAMS.get(attribute) + "_total";
        }
        switch (attribute) {
            case "EventsRewritten":
                return "streamguard_events_rewritten_total";
            case "UpstreamIoErrors":
                return "streamguard_upstream_io_errors_total";
            case "FailOpens":
                return "streamguard_fail_opens_total";
            case "BytesIn":
                return "streamguard_bytes_in_total";
            case "BytesOut":
                return "streamguard_bytes_out_total";
            default:
                return "streamguard_deviations_total{rule=\"" + attribute + "\"}";
        }
    }

    /** Starts a service with both agents, lets it read its streams once, and scrapes its StreamGuard series. */
    private static Map<String, Double> scrapeAfterRoundOne(Jdks.Jdk jdk, List<String> fixtures) throws Exception {
        int port = freePort();
        try (TwoRoundService service = KnownTraffic.service(jdk, upstream,
                List.of("-javaagent:" + EXPORTER_AGENT + "=127.0.0.1:" + port + ":" + CONFIG), fixtures)) {
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
        KnownTraffic.STREAMS.values().forEach(outcome -> expectedTypes.put("streamguard_streams_" + outcome + "_total", "counter"));
        KnownTraffic.OTHERS.forEach(attribute -> expectedTypes.put(seriesName(attribute), "counter"));
        assertEquals(expectedTypes, types, "the metric families and their types");
        return series;
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
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
