package dev.streamguard.agent.observe;

import dev.streamguard.config.Mode;
import dev.streamguard.core.Cap;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.StreamReport;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** The fields the anomaly log and the Flight Recorder events show of a stream, from its report. */
final class ReportFields {
    final String host;
    final String path;
    final String protocol;
    final String outcome;
    final String cause;
    final String rules;
    final String caps;

    ReportFields(StreamReport r) {
        URI uri = uri(r.url());
        host = uri == null ? null : uri.getHost();
        path = uri == null ? null : uri.getRawPath();
        protocol = r.protocol().name().toLowerCase(Locale.ROOT);
        String would = r.mode() == Mode.OBSERVE ? "would_" : "";
        outcome = r.failureCause() != null ? would + "fail" + (would.isEmpty() ? "ed" : "")
                : r.outcome() == Outcome.UPSTREAM_IO_ERROR ? "upstream_io_error"
                : r.eventsRewritten() > 0 ? would + "repair" + (would.isEmpty() ? "ed" : "")
                : r.outcome().name().toLowerCase(Locale.ROOT);
        cause = r.failureCause() == null ? null : r.failureCause().name().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Deviation, Integer> d : r.deviations().entrySet()) {
            sb.append(sb.length() > 0 ? "," : "").append(d.getKey().name()).append(':').append(d.getValue());
        }
        rules = sb.toString();
        sb.setLength(0);
        for (Cap c : r.capsHit()) {
            sb.append(sb.length() > 0 ? "," : "").append(c.label());
        }
        caps = sb.toString();
    }

    private static URI uri(String url) {
        try {
            return url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
