package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.JsonTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped JMX metric rules for the OpenTelemetry Java agent ({@code examples/opentelemetry/streamguard-jmx-metrics.yaml})
 * with the real agent (the version the coexistence tests run) beside StreamGuard's: a service JVM reads known
 * streams through the JDK client and OkHttp, and the agent's {@code logging-otlp} metric exporter prints what it
 * would send. Every StreamGuard metric point must be there with its exact value, on every JDK.
 */
class OpenTelemetryMetricsIT {
    static final Path RULES = ForkedJvm.ROOT.resolve("../examples/opentelemetry/streamguard-jmx-metrics.yaml").normalize();

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamguard.it.Jdks#all")
    void everyMetricPointHasItsExactValue(Jdks.Jdk jdk) throws Exception {
        List<String> otel = List.of("-javaagent:" + ForkedJvm.OTEL_AGENT, "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.metrics.exporter=logging-otlp", "-Dotel.metric.export.interval=500",
                "-Dotel.jmx.discovery.delay=500", "-Dotel.jmx.config=" + RULES, "-Dotel.service.name=streamguard-it");
        Map<String, Long> expected = points(KnownTraffic.countersAfter(KnownTraffic.MIXED));
        Map<String, Long> seen = Map.of();
        try (TwoRoundService service = KnownTraffic.service(jdk, upstream, otel, KnownTraffic.MIXED)) {
            // The exporter prints every 500 ms; the counters are final once the streams were read.
            for (int i = 0; i < 60 && !seen.equals(expected); i++) {
                Thread.sleep(250);
                seen = lastExport(service.stderr());
            }
            service.finish();
        }
        seen.forEach((k, v) -> {
            if (v != 0) {
                System.out.println("OpenTelemetryMetricsIT " + jdk + ": " + k + " " + v);
            }
        });
        assertEquals(expected, seen);
    }

    /** The points the rules make of the MBean's counters (attribute names), with the mode's three, written out. */
    private static Map<String, Long> points(Map<String, Long> counters) {
        Map<String, Long> all = new TreeMap<>();
        all.put("streamguard.mode{streamguard.mode=enforce}", 1L);
        all.put("streamguard.mode{streamguard.mode=observe}", 0L);
        all.put("streamguard.mode{streamguard.mode=off}", 0L);
        counters.forEach((attribute, value) -> all.put(pointName(attribute), value));
        return all;
    }

    private static String pointName(String attribute) {
        if (KnownTraffic.CAUSES.containsKey(attribute)) {
            return "streamguard.failures{streamguard.failure.cause=" + KnownTraffic.CAUSES.get(attribute) + "}";
        }
        if (KnownTraffic.STREAMS.containsKey(attribute)) {
            return "streamguard.streams{streamguard.stream.outcome=" + KnownTraffic.STREAMS.get(attribute) + "}";
        }
        switch (attribute) {
            case "EventsRewritten":
                return "streamguard.events.rewritten";
            case "UpstreamIoErrors":
                return "streamguard.upstream.io_errors";
            case "FailOpens":
                return "streamguard.fail_opens";
            case "BytesIn":
                return "streamguard.bytes{streamguard.direction=in}";
            case "BytesOut":
                return "streamguard.bytes{streamguard.direction=out}";
            default:
                return "streamguard.deviations{streamguard.rule=" + attribute + "}";
        }
    }

    /**
     * The StreamGuard points of the last metrics export in the agent's log, by metric name and attributes. The
     * {@code logging-otlp} exporter logs each export as one line of OTLP JSON (one per resource).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Long> lastExport(String stderr) {
        Map<String, Long> points = new TreeMap<>();
        for (String line : stderr.split("\n")) {
            int json = line.indexOf("{\"resource\"");
            if (json < 0 || !line.contains("\"streamguard.")) {
                continue;
            }
            Map<String, Long> export = new TreeMap<>();
            Map<String, Object> resourceMetrics = JsonTree.object(line.substring(json));
            for (Object scope : (List<Object>) resourceMetrics.getOrDefault("scopeMetrics", List.of())) {
                for (Object m : (List<Object>) ((Map<String, Object>) scope).getOrDefault("metrics", List.of())) {
                    Map<String, Object> metric = (Map<String, Object>) m;
                    String name = (String) metric.get("name");
                    if (!name.startsWith("streamguard.")) {
                        continue;
                    }
                    Map<String, Object> data = (Map<String, Object>) (metric.containsKey("sum") ? metric.get("sum") : metric.get("gauge"));
                    for (Object p : (List<Object>) data.get("dataPoints")) {
                        Map<String, Object> point = (Map<String, Object>) p;
                        export.put(name + attributes(point), Long.parseLong(String.valueOf(point.get("asInt"))));
                    }
                }
            }
            points = export;
        }
        return points;
    }

    @SuppressWarnings("unchecked")
    private static String attributes(Map<String, Object> point) {
        List<Object> attributes = (List<Object>) point.getOrDefault("attributes", List.of());
        if (attributes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (Object a : attributes) {
            Map<String, Object> attribute = (Map<String, Object>) a;
            sb.append(sb.length() > 1 ? "," : "").append(attribute.get("key")).append('=')
                    .append(((Map<String, Object>) attribute.get("value")).get("stringValue"));
        }
        return sb.append('}').toString();
    }
}
