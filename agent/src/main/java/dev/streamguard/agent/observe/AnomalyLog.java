package dev.streamguard.agent.observe;

import dev.streamguard.core.Outcome;
import dev.streamguard.core.Protocol;
import dev.streamguard.core.StreamReport;
import java.time.Instant;

/**
 * One line per LLM stream that was repaired, failed, or lost its connection, in logfmt with stable keys:
 * {@code ts host path client protocol model mode outcome cause raised rules caps events_in events_out bytes_in
 * bytes_out duration_ms} (and {@code trace_id span_id}, {@code fail_open}, {@code suppressed} when they apply:
 * the ids are those of the HTTP client span that sent the request, from its W3C {@code traceparent}, so that
 * a line leads to its trace). The outcome is
 * {@code repaired}, {@code failed} or {@code upstream_io_error}; in observe mode {@code would_repair} or
 * {@code would_fail}. Never a header, a body, a key or the upstream's error text: the path has no query, the
 * model is the request's own field. Failures and lost connections at WARN, repairs at INFO; rate-limited.
 */
public final class AnomalyLog {
    private final AgentLog logger;
    private final LogRate rate;

    public AnomalyLog(AgentLog logger) {
        this.logger = logger;
        this.rate = new LogRate(100, 120, System.nanoTime());
    }

    /** Whether this stream deserves a line. */
    public static boolean isAnomaly(StreamReport r) {
        return r.eventsRewritten() > 0 || r.failureCause() != null || r.failedOpen() || lostConnection(r);
    }

    /** An LLM stream cut by a reset or a read timeout: the guard raised nothing, but an SRE wants to know. */
    private static boolean lostConnection(StreamReport r) {
        return r.outcome() == Outcome.UPSTREAM_IO_ERROR && r.protocol() != Protocol.UNKNOWN;
    }

    public void record(StreamReport r) {
        if (!isAnomaly(r)) {
            return;
        }
        boolean warn = r.failureCause() != null || r.failedOpen() || lostConnection(r);
        if (warn ? !logger.isWarnEnabled() : !logger.isInfoEnabled()) {
            return;
        }
        long suppressed = rate.admit(System.nanoTime());
        if (suppressed < 0) {
            return;
        }
        String line = format(r, suppressed);
        if (warn) {
            logger.warn(line);
        } else {
            logger.info(line);
        }
    }

    static String format(StreamReport r, long suppressed) {
        ReportFields f = new ReportFields(r);
        StringBuilder sb = new StringBuilder("stream");
        field(sb, "ts", Instant.ofEpochMilli(r.startEpochMillis()).toString());
        field(sb, "host", f.host);
        field(sb, "path", f.path);
        field(sb, "client", r.client());
        field(sb, "protocol", f.protocol);
        field(sb, "model", r.model());
        field(sb, "mode", r.mode().configName());
        field(sb, "outcome", f.outcome);
        field(sb, "cause", f.cause);
        field(sb, "raised", f.cause == null ? null : String.valueOf(r.failureRaised()));
        field(sb, "rules", f.rules);
        field(sb, "caps", f.caps);
        field(sb, "events_in", String.valueOf(r.eventsIn()));
        field(sb, "events_out", String.valueOf(r.eventsOut()));
        field(sb, "bytes_in", String.valueOf(r.bytesIn()));
        field(sb, "bytes_out", String.valueOf(r.bytesOut()));
        field(sb, "duration_ms", String.valueOf(r.durationNanos() / 1_000_000));
        if (r.traceParent() != null) {
            field(sb, "trace_id", r.traceParent().traceId());
            field(sb, "span_id", r.traceParent().spanId());
        }
        if (r.failedOpen()) {
            field(sb, "fail_open", r.internalError().split(" ")[0]);
        }
        if (suppressed > 0) {
            field(sb, "suppressed", String.valueOf(suppressed));
        }
        return sb.toString();
    }

    /** Appends {@code key=value}, quoting a value with spaces, quotes or equals signs; an empty one as {@code ""}. */
    private static void field(StringBuilder sb, String key, String value) {
        sb.append(' ').append(key).append('=');
        if (value == null || value.isEmpty()) {
            sb.append("\"\"");
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < ' ') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
