package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.Mode;
import java.util.EnumSet;
import java.util.Set;

/** The counters of one stream while it runs; becomes a {@link StreamReport} when it ends. */
public final class StreamStats {
    /** {@code Deviation.values()} copies its array at every call, and a stream starts with these counters. */
    private static final int DEVIATIONS = Deviation.values().length;
    private final long startEpochMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final int[] deviations = new int[DEVIATIONS];
    private final Set<Cap> capsHit = EnumSet.noneOf(Cap.class);
    Protocol protocol = Protocol.UNKNOWN;
    long eventsIn;
    long eventsOut;
    long eventsRewritten;
    long bytesIn;
    long bytesOut;
    long malformedEvents;
    /** Events recognised by a learned shape, without framing or scanning. */
    long plainEvents;

    public void malformedEvent() {
        malformedEvents++;
    }

    public long eventsIn() {
        return eventsIn;
    }

    public long bytesIn() {
        return bytesIn;
    }
    private StreamGuardException failure;
    private boolean failureRaised;
    private boolean failureIsUpstreamEvent;

    public void count(Deviation deviation) {
        deviations[deviation.ordinal()]++;
    }

    /** How many times {@code deviation} was counted so far in this stream. */
    public int counted(Deviation deviation) {
        return deviations[deviation.ordinal()];
    }

    public void capHit(Cap cap) {
        capsHit.add(cap);
    }

    /**
     * The stream failed a rule: raised in enforce, observed in observe. The first such failure is the
     * stream's; it replaces an upstream error event seen before it, which the client handles itself.
     */
    void failed(StreamGuardException e, boolean raised) {
        if (failure == null || failureIsUpstreamEvent) {
            failure = e;
            failureRaised = raised;
            failureIsUpstreamEvent = false;
        }
    }

    /** The upstream reported an error inside the stream, which the client receives as its protocol defines. */
    public void upstreamError(StreamGuardException e) {
        if (failure == null) {
            failure = e;
            failureRaised = false;
            failureIsUpstreamEvent = true;
        }
    }

    boolean hasFailed() {
        return failure != null;
    }

    StreamReport toReport(StreamContext context, Mode mode, Outcome outcome, String internalError) {
        return new StreamReport(context, mode, protocol, startEpochMillis, System.nanoTime() - startNanos,
                eventsIn, eventsOut, eventsRewritten, bytesIn, bytesOut, malformedEvents, deviations, capsHit,
                outcome, failure == null ? null : failure.reason(), failure == null ? null : failure.getMessage(),
                failureRaised, internalError);
    }
}
