package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.sse.SseEvent;

/**
 * The event a body ended in without its blank line, for protocols whose events are each one JSON value: whole
 * (its JSON complete, or {@code [DONE]}), it is an event like the others; cut, only its size is left to report.
 */
public final class BodyTail {
    private BodyTail() {
    }

    /** The protocol's scan of an event's data, which throws {@link MalformedJsonException} on data that is not whole JSON. */
    public interface DataScan {
        void scan(byte[] data, int start, int end);
    }

    /**
     * Hands a whole {@code tail} to {@code protocol}; returns the bytes of a cut one (0 when there is none, or it
     * was whole). {@code scan} tells whether the tail's data is complete JSON.
     */
    public static int handle(SseEvent tail, StreamProtocol protocol, EventOutput out, DataScan scan) throws StreamGuardException {
        if (tail == null || !tail.hasData()) {
            return 0;
        }
        if (ExtraDoneRule.isDone(tail) || parses(tail, scan)) {
            protocol.onEvent(tail, out);
            return 0;
        }
        return tail.rawLength();
    }

    private static boolean parses(SseEvent tail, DataScan scan) {
        try {
            scan.scan(tail.dataArray(), tail.dataStart(), tail.dataEnd());
            return true;
        } catch (MalformedJsonException e) {
            return false;
        }
    }
}
