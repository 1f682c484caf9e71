package dev.streamguard.sse;

import dev.streamguard.StreamGuardException;

/**
 * Splits a byte stream into Server-Sent Events, whatever the chunking: a chunk may end inside a line,
 * between CR and LF, or inside a UTF-8 sequence. LF, CRLF and CR line endings are all accepted. Holds
 * only the event being assembled, and delivers it as soon as its blank line is complete.
 */
public final class SseFramer {
    private final SseEvent event = new SseEvent();
    private final SseListener listener;
    private final long maxEventBytes;
    private int lineStart;
    private boolean pendingCr;
    private boolean crEndedEvent;
    private int taken;

    public SseFramer(SseListener listener, long maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    /** The event being assembled (complete while it is being delivered). */
    public SseEvent currentEvent() {
        return event;
    }

    /** Index, in the chunk being framed, just after the last byte taken into an event or delivered. */
    public int taken() {
        return taken;
    }

    /**
     * Frames {@code b[off, off+len)}. Returns the index just after the last byte taken into an event or
     * delivered; it is {@code off + len} unless the listener stopped framing at an oversized event.
     */
    public int feed(byte[] b, int off, int len) throws StreamGuardException {
        int i = off;
        int end = off + len;
        taken = off;
        if (pendingCr && i < end) {
            pendingCr = false;
            boolean lineFeed = b[i] == '\n';
            if (lineFeed) {
                if (!crEndedEvent) {
                    event.raw.append((byte) '\n');
                    lineStart++;
                }
                i++;
                taken = i;
            }
            if (crEndedEvent) {
                crEndedEvent = false;
                listener.afterFinalCarriageReturn(lineFeed);
            }
        }
        while (i < end) {
            if (event.raw.length() == 0 && !pendingCr) {
                int whole = listener.atEventStart(b, i, end);
                if (whole > 0) {
                    i += whole;
                    taken = i;
                    continue;
                }
            }
            int j = i;
            while (j < end) {
                byte c = b[j];
                if (c == '\n' || c == '\r') {
                    break;
                }
                j++;
            }
            int terminator = j == end ? 0 : b[j] == '\n' ? 1 : j + 1 < end ? (b[j + 1] == '\n' ? 2 : 1) : 1;
            int take = j - i + terminator;
            // The LF of a blank line's CRLF does not count: it may arrive in the next chunk, after delivery.
            long size = event.raw.length() + (long) take - (terminator == 2 && j == i ? 1 : 0);
            if (size > maxEventBytes
                    && listener.onOversizedEvent(event, maxEventBytes)) {
                return i;
            }
            event.raw.append(b, i, take);
            i += take;
            taken = i;
            if (terminator == 0) {
                break;
            }
            if (b[j] == '\r') {
                event.unusualFraming = true;
                pendingCr = terminator == 1 && i == end;
            }
            lineComplete(event.raw.length() - terminator);
        }
        return end;
    }

    /**
     * Whether the event being delivered ended with a CR that was the last byte of its chunk, so that the LF
     * of a CRLF may still follow ({@link SseListener#afterFinalCarriageReturn} then says).
     */
    public boolean awaitingLineFeed() {
        return pendingCr && crEndedEvent;
    }

    /** The body ended: delivers nothing itself; returns the unterminated tail (or null if there is none). */
    public SseEvent finish() {
        if (event.raw.length() == 0) {
            return null;
        }
        if (lineStart < event.raw.length()) {
            parseField(lineStart, event.raw.length());
        }
        event.terminated = false;
        return event;
    }

    private void lineComplete(int contentEnd) throws StreamGuardException {
        int start = lineStart;
        lineStart = event.raw.length();
        if (contentEnd == start) {
            event.terminated = true;
            crEndedEvent = pendingCr;
            listener.onEvent(event);
            event.reset();
            lineStart = 0;
            return;
        }
        parseField(start, contentEnd);
    }

    private void parseField(int start, int contentEnd) {
        byte[] raw = event.raw.array();
        byte first = raw[start];
        if (first == 'd' && SseLines.isField(raw, start, contentEnd, SseLines.DATA)) {
            int value = SseLines.valueStart(raw, start, contentEnd);
            if (value == start + 5 && value < contentEnd) {
                event.unusualFraming = true;
            }
            if (event.dataLines++ == 0) {
                event.dataStart = value;
                event.dataEnd = contentEnd;
            }
        } else if (first == 'e' && SseLines.isField(raw, start, contentEnd, SseLines.EVENT)) {
            event.eventNameStart = SseLines.valueStart(raw, start, contentEnd);
            event.eventNameEnd = contentEnd;
        }
    }
}
