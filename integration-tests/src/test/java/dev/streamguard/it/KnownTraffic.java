package dev.streamguard.it;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known streams for the metrics tests, read by a service JVM ({@code AttachTargetApp}) once through the JDK client
 * and once through OkHttp before it waits, and what StreamGuard's MBean counters must say then, written out by hand.
 */
final class KnownTraffic {
    /** A repaired stream (D1-D4, D11, D14, D23), a cut one (D15), a Gemini error chunk (G2) and a compliant one. */
    static final List<String> MIXED = List.of("openai/litellm-combined", "openai/d15-cut-mid-arguments", "gemini/g2-error", "openai/compliant-text");
    /** Two compliant streams. */
    static final List<String> COMPLIANT = List.of("openai/compliant-text", "anthropic/compliant-text");
    /** The streams counters, by the outcome they count. */
    static final Map<String, String> STREAMS = ordered("StreamsGuarded", "guarded", "StreamsRepaired", "repaired", "StreamsFailed", "failed",
            "StreamsPassedThrough", "passed_through", "StreamsUnguarded", "unguarded");
    /** The failure counters, by the cause the anomaly log names. */
    static final Map<String, String> CAUSES = ordered("CapHits", "cap_exceeded", "Truncations", "truncated", "UpstreamErrors", "upstream_error",
            "InvalidToolArguments", "invalid_tool_arguments", "MissingToolInputs", "missing_tool_input", "IdleTimeouts", "idle_timeout");
    /** The other counters. */
    static final List<String> OTHERS = List.of("EventsRewritten", "UpstreamIoErrors", "FailOpens", "BytesIn", "BytesOut");

    private KnownTraffic() {
    }

    /** Every counter of the MBean by attribute name, as it must be once {@code fixtures} ({@link #MIXED} or {@link #COMPLIANT}) were read. */
    static Map<String, Long> countersAfter(List<String> fixtures) {
        Map<String, Long> c = new LinkedHashMap<>();
        STREAMS.keySet().forEach(k -> c.put(k, 0L));
        CAUSES.keySet().forEach(k -> c.put(k, 0L));
        OTHERS.forEach(k -> c.put(k, 0L));
        for (Deviation d : Deviation.values()) {
            c.put(d.name(), 0L);
        }
        // Each stream is read twice.
        if (fixtures.equals(MIXED)) {
            c.put("StreamsGuarded", 8L);
            c.put("StreamsRepaired", 2L);
            c.put("StreamsFailed", 4L);
            // litellm-combined: four of its events rewritten (as ObservabilityIT counts them).
            c.put("EventsRewritten", 8L);
            c.put("Truncations", 2L);
            c.put("UpstreamErrors", 2L);
            for (String rule : List.of("D1", "D2", "D3", "D4")) {
                c.put(rule, 4L);
            }
            for (String rule : List.of("D11", "D14", "D23", "D15", "G2")) {
                c.put(rule, 2L);
            }
        } else if (fixtures.equals(COMPLIANT)) {
            c.put("StreamsGuarded", 4L);
        } else {
            throw new IllegalArgumentException("no counters written out for " + fixtures);
        }
        c.put("BytesIn", 2 * bytes(fixtures, false));
        c.put("BytesOut", 2 * bytes(fixtures, true));
        return c;
    }

    private static long bytes(List<String> fixtures, boolean delivered) {
        long n = 0;
        for (String f : fixtures) {
            Fixture fixture = Fixture.load(f);
            n += (delivered ? fixture.expected : fixture.input).getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** The service with StreamGuard's agent and {@code extraJvm} (a second agent), once it has read the streams. */
    static TwoRoundService service(Jdks.Jdk jdk, Upstream upstream, List<String> extraJvm, List<String> fixtures) throws Exception {
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        jvm.addAll(extraJvm);
        List<String> urls = new ArrayList<>();
        for (String f : fixtures) {
            urls.add(upstream.url(false, "/f/" + f));
        }
        return new TwoRoundService(jdk, jvm, ForkedJvm.classpath("okhttp4", "okhttp4"), "dev.streamguard.it.client.AttachTargetApp", urls);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
