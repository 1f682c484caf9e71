package dev.streamguard.sse;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;

/**
 * Splits a byte stream into Server-Sent Events, whatever the chunking: a chunk may end inside a line,
 * between CR and LF, or inside a UTF-8 sequence. LF, CRLF and CR line endings are all accepted, and a UTF-8
 * byte order mark at the start of the body is not part of the first line (the SSE specification ignores it).
 * Holds only the event being assembled (and, at the very start, up to two bytes that may begin a byte order
 * mark), and delivers it as soon as its blank line is complete.
 */
public final class SseFramer {
    /** The UTF-8 byte order mark. */
    public static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int CARRY_LIMIT = 16 * 1024;
    /**
     * How much of the next chunk a carried event is first offered with, beyond what the last carried event's length
     * leaves for this one: more than most events' length, and enough for a stream whose events are longer.
     */
    private static final int WINDOW = 512;

    private final SseEvent event = new SseEvent();
    private final SseListener listener;
    private final long maxEventBytes;
    private int lineStart;
    private boolean pendingCr;
    private boolean crEndedEvent;
    private int taken;
    /** Bytes of a byte order mark matched at the start of the body; -1 once the start is past. */
    private int byteOrderMark;
    /** The rest of an oversized event passes to the listener until its blank line. */
    private boolean passing;
    /** While passing: the current line has no content yet, so a line ending now is the blank line. */
    private boolean passLineEmpty;
    /**
     * The start of an event that began at a boundary but did not end in its chunk, kept as it came (not yet
     * framed): once its end arrives the listener gets the whole event at once ({@link SseListener#atEventStart}),
     * as it would have had the chunk not split it; only if it does not take it is it framed line by line.
     */
    private final ByteBuilder carried = new ByteBuilder(0);
    /** At most this much is carried so (never more than an event may be, so carried bytes are never oversized). */
    private final int carryLimit;
    /**
     * The length of the last carried event offered whole (where the listener took it from the window, with any events
     * after it that it took too), by which the next one's end is first looked for.
     */
    private int lastCarriedLength;

    public SseFramer(SseListener listener, long maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
        this.carryLimit = (int) Math.min(CARRY_LIMIT, maxEventBytes);
    }

    /** The event being assembled (complete while it is being delivered). */
    public SseEvent currentEvent() {
        return event;
    }

    /**
     * The start of an event kept unframed until its end comes ({@link #carriedLength()} bytes): a caller that
     * stops framing hands these on after {@link #currentEvent()}'s, then {@link #discardEvent()}.
     */
    public byte[] carriedArray() {
        return carried.array();
    }

    public int carriedLength() {
        return carried.length();
    }

    /** Forgets the carried bytes, which the caller handed on itself. */
    public void discardCarried() {
        carried.release();
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
        int end = off + len;
        int from = byteOrderMark < 0 ? off : skipByteOrderMark(b, off, end);
        if (carried.length() > 0 && from < end) {
            from = continueCarried(b, from, end);
        }
        return from == end ? end : frame(b, from, end, true);
    }

    /**
     * The carried event goes on in {@code b[from, end)}: carried further while its end is still to come, else
     * handed over whole (or framed) with the rest of it; returns where framing goes on in {@code b}.
     */
    private int continueCarried(byte[] b, int from, int end) throws StreamGuardException {
        int goesOn = offerWithWindow(b, from, end);
        if (goesOn >= 0) {
            return goesOn;
        }
        int eventEnd = blankLineEnd(b, from, end, carried.array()[carried.length() - 1]);
        int upTo = eventEnd < 0 ? end : eventEnd;
        boolean fits = carried.length() + (upTo - from) <= carryLimit;
        if (eventEnd == NOT_YET && fits) {
            carried.append(b, from, end - from);
            taken = end;
            return end;
        }
        int before = carried.length();
        boolean tryWhole = eventEnd >= 0 && fits;
        if (!tryWhole) {
            // Too long to carry, or a CR (rare framing): framed as it came, and the chunk goes on as usual.
            try {
                frameCarried(0);
            } finally {
                taken = from;
            }
            return from;
        }
        carried.append(b, from, eventEnd - from);
        lastCarriedLength = carried.length();
        // A whole event is never CARRY, but a listener that said so would have it framed.
        int whole = Math.max(0, offerCarried(before, from));
        try {
            frameCarried(whole);
        } finally {
            taken = eventEnd;
        }
        return eventEnd;
    }

    /**
     * The carried event offered to the listener with the next bytes of {@code b} after it, as far as its end most
     * likely lies ({@link #WINDOW}): taken whole (with any events after it there) without a scan for its blank line
     * first. Returns where framing goes on in {@code b}, or -1 if the listener did not take it, the window given back.
     */
    private int offerWithWindow(byte[] b, int from, int end) throws StreamGuardException {
        int before = carried.length();
        int reach = Math.max(WINDOW, lastCarriedLength - before + WINDOW);
        int window = Math.min(Math.min(end - from, reach), carryLimit - before);
        if (window <= 0) {
            return -1;
        }
        carried.append(b, from, window);
        int whole = offerCarried(before, from);
        if (whole == SseListener.CARRY && window == end - from) {
            // The listener's CARRY holds no event's end: the rest of this chunk is all of the event there is yet, and
            // stays carried without a scan for its blank line.
            taken = end;
            return end;
        }
        if (whole <= 0) {
            carried.truncate(before);
            return -1;
        }
        if (whole < before) {
            // Carried bytes hold no blank line, so a listener never takes fewer; should one, the rest is framed.
            try {
                frameCarried(whole);
            } finally {
                taken = from + window;
            }
            return from + window;
        }
        lastCarriedLength = whole;
        carried.release();
        taken = from + (whole - before);
        return taken;
    }

    /**
     * Offers the carried bytes to the listener and returns its answer. Should the listener fail inside, the chunk's
     * bytes appended after the first {@code before} are given back, as for an event that came whole: the caller goes
     * on from {@code from}, where this chunk's part of it began, and the event, carried as before, is framed then.
     */
    private int offerCarried(int before, int from) throws StreamGuardException {
        try {
            return listener.atEventStart(carried.array(), 0, carried.length());
        } catch (RuntimeException | Error e) {
            carried.truncate(before);
            taken = from;
            throw e;
        }
    }

    /**
     * Frames the carried bytes from {@code from} on ({@code from} is their length when the listener took
     * them whole). On an internal failure, what of them was not framed yet goes into the event, which failing
     * open hands on as it is, so that nothing carried is lost.
     */
    private void frameCarried(int from) throws StreamGuardException {
        byte[] c = carried.array();
        int n = carried.length();
        carried.clear();
        taken = from;
        try {
            if (from < n) {
                frame(c, from, n, false);
            }
        } catch (StreamGuardException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            event.raw.append(c, taken, n - taken);
            throw e;
        } finally {
            carried.release();
        }
    }

    private static final int NOT_YET = -1;
    private static final int CARRIAGE_RETURN = -2;

    /**
     * Where the event in {@code b[from, end)} ends, just after its blank line ({@code previous}: the byte before
     * {@code from}); {@link #NOT_YET} if it does not end there, {@link #CARRIAGE_RETURN} at a CR.
     */
    private static int blankLineEnd(byte[] b, int from, int end, byte previous) {
        byte last = previous;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                return CARRIAGE_RETURN;
            }
            if (c == '\n' && last == '\n') {
                return i + 1;
            }
            last = c;
        }
        return NOT_YET;
    }

    /** Takes what at the start of the body belongs to a byte order mark; returns where the body proper starts. */
    private int skipByteOrderMark(byte[] b, int off, int end) throws StreamGuardException {
        int i = off;
        while (i < end && byteOrderMark >= 0) {
            if (b[i] == BYTE_ORDER_MARK[byteOrderMark]) {
                i++;
                if (++byteOrderMark == BYTE_ORDER_MARK.length) {
                    byteOrderMark = -1;
                    listener.onByteOrderMark();
                }
            } else {
                releaseByteOrderMarkPrefix();
            }
        }
        taken = i;
        return i;
    }

    /** What looked like the start of a byte order mark was not one: it is the start of the first line. */
    private void releaseByteOrderMarkPrefix() throws StreamGuardException {
        int held = byteOrderMark;
        byteOrderMark = -1;
        if (held > 0) {
            frame(BYTE_ORDER_MARK, 0, held, false);
        }
    }

    /** {@code atBoundaries}: events starting here may be handed over whole, or carried to the next chunk. */
    private int frame(byte[] b, int off, int end, boolean atBoundaries) throws StreamGuardException {
        int i = off;
        taken = off;
        if (pendingCr && i < end && !passing) {
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
        // Where the event being framed began in this chunk at a boundary, if it may be carried should it not end here.
        int carryFrom = -1;
        while (i < end) {
            if (passing) {
                i = pass(b, i, end);
                taken = i;
                continue;
            }
            if (event.raw.length() == 0 && !pendingCr && atBoundaries) {
                int whole = listener.atEventStart(b, i, end);
                if (whole > 0) {
                    i += whole;
                    taken = i;
                    continue;
                }
                boolean fits = end - i <= carryLimit;
                if (whole == SseListener.CARRY && fits) {
                    // The event this chunk ends in, of a shape the listener knows: carried without framing it first.
                    carried.append(b, i, end - i);
                    taken = end;
                    return end;
                }
                carryFrom = fits ? i : -1;
            }
            int j = i;
            while (j < end) {
                int c = b[j] & 0xff;
                // One comparison for the bytes of content, which are nearly all above CR.
                if (c <= '\r' && (c == '\n' || c == '\r')) {
                    break;
                }
                j++;
            }
            int terminator = j == end ? 0 : b[j] == '\n' ? 1 : j + 1 < end ? (b[j + 1] == '\n' ? 2 : 1) : 1;
            int take = j - i + terminator;
            // The LF of a CRLF does not count against its own line: it may arrive in the next chunk, after the
            // line was judged (and, for a blank line, after delivery), and every chunking must judge alike.
            long size = event.raw.length() + (long) take - (terminator == 2 ? 1 : 0);
            int head = 0;
            if (size > maxEventBytes) {
                // The listener judges the event's first maxEventBytes bytes, the same whatever the chunking.
                head = (int) Math.max(0, Math.min(take, maxEventBytes - event.raw.length()));
                event.raw.append(b, i, head);
                taken = i + head;
                if (listener.onOversizedEvent(event, maxEventBytes) == SseListener.Oversized.STOP) {
                    return i + head;
                }
                startPassing();
                i += head;
                taken = i;
                continue;
            }
            event.raw.append(b, i + head, take - head);
            i += take;
            taken = i;
            if (terminator == 0) {
                break;
            }
            if (b[j] == '\r') {
                event.unusualFraming = true;
                pendingCr = terminator == 1 && i == end;
                carryFrom = -1;
            }
            lineComplete(event.raw.length() - terminator);
        }
        if (carryFrom >= 0 && event.raw.length() > 0) {
            // It did not end in this chunk: framed again, whole, once its end comes (a CR in it, rare framing, keeps
            // it framed line by line instead). Framing every event first costs less than looking for each one's end
            // before framing it; only the one a chunk ends in is framed twice.
            event.reset();
            lineStart = 0;
            carried.append(b, carryFrom, end - carryFrom);
        }
        return end;
    }

    /** The listener took the partial event; what follows of it passes until its blank line. */
    private void startPassing() {
        int n = event.raw.length();
        byte last = n == 0 ? 0 : event.raw.array()[n - 1];
        passLineEmpty = last == '\n' || last == '\r';
        pendingCr = last == '\r';
        crEndedEvent = false;
        event.reset();
        lineStart = 0;
        passing = true;
    }

    /** Hands over the bytes of the passing event up to its blank line; returns where framing goes on. */
    private int pass(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    i++;
                    continue;
                }
            }
            if (c != '\n' && c != '\r') {
                passLineEmpty = false;
                i++;
                continue;
            }
            i++;
            if (!passLineEmpty) {
                passLineEmpty = true;
                pendingCr = c == '\r';
                continue;
            }
            // The blank line: the event ends with it (and with the LF of its CRLF, here or in the next chunk).
            if (c == '\r') {
                if (i < end) {
                    if (b[i] == '\n') {
                        i++;
                    }
                } else {
                    pendingCr = true;
                    crEndedEvent = true;
                }
            }
            passing = false;
            break;
        }
        listener.onPassedBytes(b, from, i - from);
        return i;
    }

    /**
     * Whether the event being delivered ended with a CR that was the last byte of its chunk, so that the LF
     * of a CRLF may still follow ({@link SseListener#afterFinalCarriageReturn} then says).
     */
    public boolean awaitingLineFeed() {
        return pendingCr && crEndedEvent;
    }

    /** The body ended: delivers nothing itself; returns the unterminated tail (or null if there is none). */
    public SseEvent finish() throws StreamGuardException {
        if (byteOrderMark > 0) {
            releaseByteOrderMarkPrefix();
        }
        if (carried.length() > 0) {
            frameCarried(0);
        }
        if (event.raw.length() == 0) {
            return null;
        }
        if (lineStart < event.raw.length()) {
            parseField(lineStart, event.raw.length());
        }
        event.terminated = false;
        return event;
    }

    /**
     * Forgets the event being assembled, as if it had been delivered: after a failure while it was handled,
     * framing goes on with the next event.
     */
    public void discardEvent() {
        event.reset();
        lineStart = 0;
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
        if (first != ':') {
            event.fieldLines++;
        }
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
            // An empty value names no type (the client falls back to "message"), and the last event line wins.
            int value = SseLines.valueStart(raw, start, contentEnd);
            event.eventNameStart = value < contentEnd ? value : -1;
            event.eventNameEnd = contentEnd;
        }
    }
}
