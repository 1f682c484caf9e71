package dev.streamguard.agent.observe;

import dev.streamguard.core.StreamReport;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * Flight Recorder events, {@code dev.streamguard.StreamRepaired} and {@code dev.streamguard.StreamFailed},
 * with the fields of the anomaly log; visible in any recording, e.g. {@code jcmd <pid> JFR.start}. Committed
 * only when a recording enables them, so they cost nothing otherwise.
 */
public final class StreamEvents {
    private StreamEvents() {
    }

    /** Fields common to both events. */
    abstract static class StreamEvent extends Event {
        @Label("Host")
        String host;
        @Label("Path")
        String path;
        @Label("Client")
        String client;
        @Label("Protocol")
        String protocol;
        @Label("Model")
        String model;
        @Label("Mode")
        String mode;
        @Label("Rules")
        @Description("Deviation ids with counts, e.g. D1:2,D3:2")
        String rules;
        @Label("Caps Hit")
        String caps;
        @Label("Events In")
        long eventsIn;
        @Label("Events Out")
        long eventsOut;
        @Label("Bytes In")
        @DataAmount
        long bytesIn;
        @Label("Bytes Out")
        @DataAmount
        long bytesOut;
        @Label("Stream Duration")
        @Timespan
        long streamDuration;
        @Label("Trace Id")
        @Description("The W3C trace id of the request's traceparent header, when it had one")
        String traceId;
        @Label("Span Id")
        @Description("The id of the HTTP client span that sent the request, from its traceparent header")
        String spanId;
    }

    @Name("dev.streamguard.StreamRepaired")
    @Label("Stream Repaired")
    @Category("StreamGuard")
    @Description("A guarded LLM stream in which events were rewritten")
    static final class Repaired extends StreamEvent {
    }

    @Name("dev.streamguard.StreamFailed")
    @Label("Stream Failed")
    @Category("StreamGuard")
    @Description("A guarded LLM stream that failed (or, in observe mode, would have)")
    static final class Failed extends StreamEvent {
        @Label("Cause")
        String cause;
        @Label("Raised")
        @Description("Whether the application received the failure (false in observe mode)")
        boolean raised;
    }

    /** Emits the event of this report, if it is one and a recording wants it. */
    public static void emit(StreamReport r) {
        StreamEvent e;
        if (r.failureCause() != null) {
            Failed failed = new Failed();
            if (!failed.isEnabled()) {
                return;
            }
            failed.cause = r.failureCause().name();
            failed.raised = r.failureRaised();
            e = failed;
        } else if (r.eventsRewritten() > 0) {
            e = new Repaired();
            if (!e.isEnabled()) {
                return;
            }
        } else {
            return;
        }
        ReportFields f = new ReportFields(r);
        e.host = f.host;
        e.path = f.path;
        e.client = r.client();
        e.protocol = f.protocol;
        e.model = r.model();
        e.mode = r.mode().configName();
        e.rules = f.rules;
        e.caps = f.caps;
        e.eventsIn = r.eventsIn();
        e.eventsOut = r.eventsOut();
        e.bytesIn = r.bytesIn();
        e.bytesOut = r.bytesOut();
        e.streamDuration = r.durationNanos();
        if (r.traceParent() != null) {
            e.traceId = r.traceParent().traceId();
            e.spanId = r.traceParent().spanId();
        }
        e.commit();
    }
}
