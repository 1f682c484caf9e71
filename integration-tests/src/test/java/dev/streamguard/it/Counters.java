package dev.streamguard.it;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JMX counters a client printed ({@code COUNTER name value}, see ClientOutput), and the values they must
 * have after a set of streams, summed from what the tests know of each stream (its fixture's bytes, failure and
 * deviations), by the meaning OBSERVABILITY.md gives each counter. EventsRewritten, which no fixture states, is
 * left to the test.
 */
final class Counters {
    private long guarded;
    private long repaired;
    private long failed;
    private long upstreamIoErrors;
    private long bytesIn;
    private long bytesOut;
    private final Map<StreamGuardException.Cause, Long> causes = new LinkedHashMap<>();
    private final long[] deviations = new long[Deviation.values().length];

    /** One guarded stream: the bytes that came and went, its deviations; {@code failure} null when it did not fail. */
    Counters stream(long in, long out, Map<Deviation, Integer> deviationCounts, StreamGuardException.Cause failure, boolean changed) {
        guarded++;
        bytesIn += in;
        bytesOut += out;
        deviationCounts.forEach((d, n) -> deviations[d.ordinal()] += n);
        if (failure != null) {
            failed++;
            causes.merge(failure, 1L, Long::sum);
        } else if (changed) {
            repaired++;
        }
        return this;
    }

    /** One guarded stream cut by a connection reset: never counted as repaired, nor as failed by the guard. */
    Counters resetStream(long in, long out, Map<Deviation, Integer> deviationCounts) {
        guarded++;
        upstreamIoErrors++;
        bytesIn += in;
        bytesOut += out;
        deviationCounts.forEach((d, n) -> deviations[d.ordinal()] += n);
        return this;
    }

    /** Every counter but EventsRewritten, as ClientOutput prints them. */
    Map<String, String> expected() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Mode", "enforce");
        c.put("StreamsGuarded", String.valueOf(guarded));
        c.put("StreamsRepaired", String.valueOf(repaired));
        c.put("StreamsFailed", String.valueOf(failed));
        c.put("StreamsPassedThrough", "0");
        c.put("StreamsUnguarded", "0");
        c.put("CapHits", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.CAP_EXCEEDED, 0L)));
        c.put("Truncations", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.TRUNCATED, 0L)));
        c.put("UpstreamErrors", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.UPSTREAM_ERROR, 0L)));
        c.put("InvalidToolArguments", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, 0L)));
        c.put("MissingToolInputs", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.MISSING_TOOL_INPUT, 0L)));
        c.put("IdleTimeouts", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.IDLE_TIMEOUT, 0L)));
        c.put("UpstreamIoErrors", String.valueOf(upstreamIoErrors));
        c.put("FailOpens", "0");
        c.put("BytesIn", String.valueOf(bytesIn));
        c.put("BytesOut", String.valueOf(bytesOut));
        for (Deviation d : Deviation.values()) {
            c.put(d.name(), String.valueOf(deviations[d.ordinal()]));
        }
        return c;
    }

    /** The {@code COUNTER name value} lines a client printed, EventsRewritten taken out into {@code rewritten[0]}. */
    static Map<String, String> printed(List<String> stdout, long[] rewritten) {
        Map<String, String> c = printed(stdout);
        rewritten[0] = Long.parseLong(c.remove("EventsRewritten"));
        return c;
    }

    /** The {@code COUNTER name value} lines a client printed. */
    static Map<String, String> printed(List<String> stdout) {
        return stdout.stream().filter(l -> l.startsWith("COUNTER ")).map(l -> l.split(" ", 3))
                .collect(Collectors.toMap(p -> p[1], p -> p[2], (a, b) -> b, LinkedHashMap::new));
    }

    /** The {@code PROBE-REPORT} lines the probe agent printed, in order. */
    static List<String> probeReports(List<String> stdout) {
        return stdout.stream().filter(l -> l.startsWith("PROBE-REPORT ")).map(l -> l.substring("PROBE-REPORT ".length()))
                .collect(Collectors.toList());
    }
}
