package dev.streamguard.core;

import dev.streamguard.StreamGuardException;

/** The D15 failure both protocols raise when the body ends early, with what arrived and what was missing. */
public final class TruncationMessage {
    private final StringBuilder text;

    /** Starts {@code stream truncated: the body ended after N events (B bytes) <missing>}. */
    public TruncationMessage(StreamStats stats, String missing) {
        text = new StringBuilder("stream truncated: the body ended after ").append(stats.eventsIn())
                .append(" events (").append(stats.bytesIn()).append(" bytes) ").append(missing);
    }

    /** Adds one more thing that was missing or unfinished. */
    public TruncationMessage and(String detail) {
        text.append("; ").append(detail);
        return this;
    }

    /** Adds the size of an event the cut left incomplete, if there was one. */
    public TruncationMessage cutEvent(int bytes) {
        return bytes > 0 ? and("the last event was cut off after " + bytes + " bytes") : this;
    }

    public StreamGuardException toException(StreamStats stats) {
        stats.count(Deviation.D15);
        return new StreamGuardException(StreamGuardException.Cause.TRUNCATED, text.toString());
    }
}
