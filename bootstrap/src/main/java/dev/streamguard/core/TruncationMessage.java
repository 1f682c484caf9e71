package dev.streamguard.core;

import dev.streamguard.StreamGuardException;

/** The truncation failure every protocol raises when the body ends early, with what arrived and what was missing. */
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
        return toException(stats, Deviation.D15);
    }

    /** The failure, counted as {@code deviation} (D15, or the protocol's own truncation rule). */
    public StreamGuardException toException(StreamStats stats, Deviation deviation) {
        stats.count(deviation);
        return new StreamGuardException(StreamGuardException.Cause.TRUNCATED, text.toString());
    }
}
