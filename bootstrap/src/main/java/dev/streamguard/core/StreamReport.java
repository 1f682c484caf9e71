package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.Mode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What the guard saw and did on one stream. Holds counts and names only: never a header, a body or a key.
 */
public final class StreamReport {
    private static final Deviation[] ALL = Deviation.values();

    private final StreamContext context;
    private final Mode mode;
    private final Protocol protocol;
    private final long startEpochMillis;
    private final long durationNanos;
    private final long eventsIn;
    private final long eventsOut;
    private final long eventsRewritten;
    private final long bytesIn;
    private final long bytesOut;
    private final long malformedEvents;
    private final Map<Deviation, Integer> deviations;
    private final Set<Cap> capsHit;
    private final Outcome outcome;
    private final StreamGuardException.Cause failureCause;
    private final String failureMessage;
    private final boolean failureRaised;
    private final String internalError;

    StreamReport(StreamContext context, Mode mode, Protocol protocol, long startEpochMillis, long durationNanos,
                 long eventsIn, long eventsOut, long eventsRewritten, long bytesIn, long bytesOut, long malformedEvents,
                 int[] deviationCounts, Set<Cap> capsHit, Outcome outcome, StreamGuardException.Cause failureCause,
                 String failureMessage, boolean failureRaised, String internalError) {
        this.context = context;
        this.mode = mode;
        this.protocol = protocol;
        this.startEpochMillis = startEpochMillis;
        this.durationNanos = durationNanos;
        this.eventsIn = eventsIn;
        this.eventsOut = eventsOut;
        this.eventsRewritten = eventsRewritten;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.malformedEvents = malformedEvents;
        this.deviations = deviations(deviationCounts);
        this.capsHit = capsHit.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(capsHit));
        this.outcome = outcome;
        this.failureCause = failureCause;
        this.failureMessage = failureMessage;
        this.failureRaised = failureRaised;
        this.internalError = internalError;
    }

    /** Most streams deviate in nothing: they share the empty map rather than each making one to hold nothing. */
    private static Map<Deviation, Integer> deviations(int[] counts) {
        Map<Deviation, Integer> d = null;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                if (d == null) {
                    d = new EnumMap<>(Deviation.class);
                }
                d.put(ALL[i], counts[i]);
            }
        }
        return d == null ? Collections.emptyMap() : Collections.unmodifiableMap(d);
    }

    public String url() {
        return context.url();
    }

    public String client() {
        return context.client();
    }

    /** The trace and HTTP client span the request belonged to, from its {@code traceparent}; null without one. */
    public TraceParent traceParent() {
        return context.traceParent();
    }

    /** The model the request named, when the request body was available; otherwise null. */
    public String model() {
        return context.requestFacts().model();
    }

    public Mode mode() {
        return mode;
    }

    public Protocol protocol() {
        return protocol;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public long durationNanos() {
        return durationNanos;
    }

    public long eventsIn() {
        return eventsIn;
    }

    public long eventsOut() {
        return eventsOut;
    }

    /** Events the guard changed, dropped, split or added to (in observe mode: would have). */
    public long eventsRewritten() {
        return eventsRewritten;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Data events of a recognised stream whose JSON could not be read; passed through as they were. */
    public long malformedEvents() {
        return malformedEvents;
    }

    /** How often each deviation was found (and, in enforce mode, repaired or refused); absent means zero. */
    public Map<Deviation, Integer> deviations() {
        return deviations;
    }

    public int count(Deviation deviation) {
        Integer n = deviations.get(deviation);
        return n == null ? 0 : n;
    }

    public Set<Cap> capsHit() {
        return capsHit;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Why the stream failed (or, in observe mode, would have); null if it did not. */
    public StreamGuardException.Cause failureCause() {
        return failureCause;
    }

    /** The {@code streamguard:} message of the failure; null if there was none. */
    public String failureMessage() {
        return failureMessage;
    }

    /** Whether the client received the failure as a {@link StreamGuardException} (false in observe mode). */
    public boolean failureRaised() {
        return failureRaised;
    }

    /** Whether the guard hit an internal error and let the rest of the stream through unguarded. */
    public boolean failedOpen() {
        return internalError != null;
    }

    /** The internal error's class and where it was thrown, when the guard failed open; null otherwise. */
    public String internalError() {
        return internalError;
    }

    /** At least one event was rewritten, and the stream neither failed nor lost its upstream connection. */
    public boolean repaired() {
        return eventsRewritten > 0 && failureCause == null && outcome != Outcome.UPSTREAM_IO_ERROR;
    }

    @Override
    public String toString() {
        return "StreamReport{protocol=" + protocol + ", mode=" + mode.configName() + ", outcome=" + outcome
                + (failureCause != null ? ", failure=" + failureCause + (failureRaised ? "" : " (observed)") : "")
                + ", deviations=" + deviations + ", caps=" + capsHit + ", events=" + eventsIn + "/" + eventsOut
                + ", bytes=" + bytesIn + "/" + bytesOut + (internalError != null ? ", failedOpen=" + internalError : "")
                + "}";
    }
}
