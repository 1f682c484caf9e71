package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EventCounter;
import dev.streamguard.core.StreamStats;
import dev.streamguard.json.JsonEdits;

/**
 * R5: LiteLLM and llama.cpp send Responses events without {@code sequence_number}, with zero on every event, or
 * with numbers that do not increase, and the SDKs that read it as a required number throw. The client sees
 * strictly increasing numbers: the upstream's where they increase (shifted past the events the guard adds), the
 * next free one where they do not.
 */
final class SequenceNumberRule implements EventCounter {
    private long lastUpstream = -1;
    private long lastOut = -1;
    /** How many numbers events the guard added took. */
    private long shift;

    /** The number of an event the guard adds now. */
    long reserve() {
        shift++;
        return ++lastOut;
    }

    /** Whether the upstream's numbers go out as they are, so that an event may keep its own (a learned shape's). */
    boolean unshifted() {
        return shift == 0;
    }

    /** An event of a learned shape carrying {@code value}: it keeps it where the rule would have let it through. */
    @Override
    public boolean take(long value) {
        if (shift != 0 || value <= lastUpstream) {
            return false;
        }
        lastUpstream = value;
        lastOut = value;
        return true;
    }

    /** Gives the event in hand its number, rewriting it where it is not the upstream's own. */
    void apply(ResponsesEvent e, JsonEdits edits, StreamStats stats) {
        long number;
        if (e.sequence >= 0 && e.sequence > lastUpstream && e.sequence + shift > lastOut) {
            lastUpstream = e.sequence;
            number = e.sequence + shift;
            if (shift == 0) {
                lastOut = number;
                return;
            }
        } else {
            stats.count(Deviation.R5);
            number = lastOut + 1;
            lastUpstream = Math.max(lastUpstream, e.sequence);
            // A number the guard gave: the upstream's next ones, where they increase, come after it.
            shift++;
        }
        lastOut = number;
        byte[] text = ResponsesJson.decimal(number);
        if (e.sequenceNumber.present()) {
            edits.replace(e.sequenceNumber.valueStart(), e.sequenceNumber.valueEnd(), text);
        } else {
            edits.insertLast(e.root, new ByteBuilder(40).appendAscii("\"sequence_number\":").append(text).toByteArray());
        }
    }
}
