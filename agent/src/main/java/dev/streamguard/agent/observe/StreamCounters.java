package dev.streamguard.agent.observe;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.Protocol;
import dev.streamguard.core.StreamReport;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the guard did in this JVM, summed over every stream: exact under concurrency (one adder per
 * counter). In observe mode the counters say what enforce would have done, except {@code StreamsFailed},
 * which counts only failures the application received.
 */
public final class StreamCounters {
    final LongAdder streamsGuarded = new LongAdder();
    final LongAdder streamsRepaired = new LongAdder();
    final LongAdder streamsFailed = new LongAdder();
    final LongAdder streamsPassedThrough = new LongAdder();
    final LongAdder streamsUnguarded = new LongAdder();
    final LongAdder eventsRewritten = new LongAdder();
    final LongAdder capHits = new LongAdder();
    final LongAdder truncations = new LongAdder();
    final LongAdder upstreamErrors = new LongAdder();
    final LongAdder invalidToolArguments = new LongAdder();
    final LongAdder missingToolInputs = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder upstreamIoErrors = new LongAdder();
    final LongAdder failOpens = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder[] deviations = new LongAdder[Deviation.values().length];

    public StreamCounters() {
        for (int i = 0; i < deviations.length; i++) {
            deviations[i] = new LongAdder();
        }
    }

    /** Counts one stream that ended. */
    public void add(StreamReport report) {
        if (report.failedOpen()) {
            failOpens.increment();
        }
        if (report.protocol() == Protocol.UNKNOWN) {
            streamsPassedThrough.increment();
            return;
        }
        streamsGuarded.increment();
        bytesIn.add(report.bytesIn());
        bytesOut.add(report.bytesOut());
        eventsRewritten.add(report.eventsRewritten());
        for (Map.Entry<Deviation, Integer> d : report.deviations().entrySet()) {
            deviations[d.getKey().ordinal()].add(d.getValue());
        }
        if (!report.capsHit().isEmpty()) {
            capHits.increment();
        }
        if (report.repaired()) {
            streamsRepaired.increment();
        }
        if (report.outcome() == Outcome.UPSTREAM_IO_ERROR) {
            upstreamIoErrors.increment();
        }
        StreamGuardException.Cause cause = report.failureCause();
        if (cause == null) {
            return;
        }
        if (report.failureRaised()) {
            streamsFailed.increment();
        }
        switch (cause) {
            case TRUNCATED:
                truncations.increment();
                break;
            case UPSTREAM_ERROR:
                upstreamErrors.increment();
                break;
            case INVALID_TOOL_ARGUMENTS:
                invalidToolArguments.increment();
                break;
            case MISSING_TOOL_INPUT:
                missingToolInputs.increment();
                break;
            case IDLE_TIMEOUT:
                idleTimeouts.increment();
                break;
            default:
                break;
        }
    }

    /** An instrumentation failed and a response went through unguarded. */
    public void internalError() {
        failOpens.increment();
    }

    /** An event stream the guard could not read (compressed) was left unguarded. */
    public void unguarded() {
        streamsUnguarded.increment();
    }

    public void reset() {
        for (LongAdder a : new LongAdder[] {streamsGuarded, streamsRepaired, streamsFailed, streamsPassedThrough,
            streamsUnguarded, eventsRewritten, capHits, truncations, upstreamErrors, invalidToolArguments,
            missingToolInputs, idleTimeouts, upstreamIoErrors, failOpens, bytesIn, bytesOut}) {
            a.reset();
        }
        for (LongAdder a : deviations) {
            a.reset();
        }
    }
}
