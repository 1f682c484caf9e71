package dev.streamguard.core;

import static dev.streamguard.sse.LineEndings.CRLF;
import static dev.streamguard.sse.LineEndings.LF;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.buffer.IntList;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.sse.LineEndings;
import dev.streamguard.sse.SseEvent;
import dev.streamguard.sse.SseEventWriter;

/**
 * What a protocol writes for the event it handles: the event kept, dropped, rewritten, or joined by events
 * the guard makes. The engine decides whether the client gets this or, in observe mode, the original.
 *
 * <p>A rule that cannot decide an event alone may hold what was written for it back from the client until a
 * later event decides (D24, D27): it goes out, as written or in the one alternative form written with it,
 * when the rule releases it, before that later event.
 */
public final class EventOutput {
    /** Grown when the rules first write something of their own: most streams are never rewritten. */
    private final ByteBuilder bytes = new ByteBuilder(0);
    /**
     * An event kept as it came and not copied into {@link #bytes} yet: most events are only that, and the engine
     * sends them from their own bytes. Copied as soon as anything else is written, or the output is read.
     */
    private SseEvent keptUncopied;
    private final ByteBuilder data = new ByteBuilder(0);
    private byte[] lineEnding = LF;
    private boolean changed;
    /** The client gets other bytes than the upstream sent (not merely later, as for a hold). */
    private boolean rewritten;
    private int events;
    private boolean endsWithOwnTerminator;
    private boolean ownEventOpen;
    private final IntList ownEnds = new IntList();
    private final ByteBuilder held = new ByteBuilder(0);
    private final ByteBuilder heldAlternative = new ByteBuilder(0);
    /** Where the output for the event in hand starts: after what was released before it. */
    private int eventStart;
    private boolean heldThisEvent;
    /** Some of what was written for the event in hand is held (and not released since). */
    private boolean ownOutputHeld;
    /**
     * Some of what was written for the event in hand is before {@link #eventStart}: held, then released, or
     * written before a release.
     */
    private boolean ownOutputReleased;
    /** What is held ends with the event in hand, its own terminator last. */
    private boolean heldEndsWithOwnEvent;

    void begin(SseEvent event) {
        keptUncopied = null;
        bytes.clear();
        changed = false;
        rewritten = false;
        events = 0;
        endsWithOwnTerminator = false;
        ownEventOpen = false;
        ownEnds.clear();
        eventStart = 0;
        heldThisEvent = false;
        ownOutputHeld = false;
        ownOutputReleased = false;
        if (event != null && event.isTerminated()) {
            byte[] ending = SseEventWriter.firstLineEnding(event);
            if (ending != null) {
                lineEnding = ending;
            }
        }
    }

    /**
     * An event went out on the learned-shape path, which never begins here: its line ending is learned all the
     * same, so that what the guard writes next (the end of a cut last event) does not depend on which events
     * took that path, which depends on how the body was chunked.
     */
    void sawLineEnding(byte[] ending) {
        if (ending != null) {
            lineEnding = ending;
        }
    }

    /** The event goes out as it came. */
    public void keep(SseEvent event) {
        closeOpenEvent();
        if (writtenLength() == 0) {
            keptUncopied = event;
        } else {
            bytes().append(event.rawArray(), 0, event.rawLength());
        }
        events++;
        wroteOwn(event);
    }

    /** The body's unterminated tail goes out as it came when it carries no data (a comment, a partial blank line). */
    public void keepDataless(SseEvent tail) {
        if (tail != null && !tail.hasData()) {
            keep(tail);
        }
    }

    /** The event goes out with the event line added and its JSON data changed by {@code edits} (which may be empty). */
    public void rewrite(SseEvent event, JsonEdits edits, byte[] eventName) {
        closeOpenEvent();
        data.clear();
        edits.applyTo(event.dataArray(), event.dataStart(), event.dataEnd(), data);
        SseEventWriter.write(event, data.array(), 0, data.length(), eventName, bytes());
        changed = true;
        rewritten = true;
        events++;
        wroteOwn(event);
    }

    private void wroteOwn(SseEvent event) {
        endsWithOwnTerminator = true;
        ownEventOpen = !event.isTerminated();
        ownEnds.add(writtenLength());
    }

    /** The event is not delivered. */
    public void drop() {
        changed = true;
        rewritten = true;
        endsWithOwnTerminator = false;
    }

    /** A new event made by the guard, after whatever was written so far. */
    public void add(byte[] eventName, byte[] json, int start, int end) {
        closeOpenEvent();
        SseEventWriter.writeNew(eventName, json, start, end, lineEnding, bytes());
        changed = true;
        rewritten = true;
        events++;
        endsWithOwnTerminator = false;
    }

    public void add(byte[] eventName, ByteBuilder json) {
        add(eventName, json.array(), 0, json.length());
    }

    /**
     * Holds back what was written for the event in hand since the last release (appended to what is held
     * already). With {@code alternativeEdits}, the event's alternative form (the same event with those edits)
     * is held beside it: it must be the first event held, and what is held after it follows either form.
     */
    public void hold(SseEvent event, JsonEdits alternativeEdits) {
        closeOpenEvent();
        ByteBuilder out = bytes();
        if (alternativeEdits != null) {
            if (held.length() > 0) {
                throw new IllegalStateException("an alternative form is held for one event alone");
            }
            data.clear();
            alternativeEdits.applyTo(event.dataArray(), event.dataStart(), event.dataEnd(), data);
            SseEventWriter.write(event, data.array(), 0, data.length(), null, heldAlternative);
        } else if (alternativeHeld()) {
            // Held after the event whose alternative is held (a comment, say): it follows either form.
            heldAlternative.append(out.array(), eventStart, out.length() - eventStart);
        }
        ownOutputHeld |= out.length() > eventStart;
        held.append(out.array(), eventStart, out.length() - eventStart);
        heldEndsWithOwnEvent = endsWithOwnTerminator;
        out.truncate(eventStart);
        while (ownEnds.size() > 0 && ownEnds.get(ownEnds.size() - 1) > eventStart) {
            ownEnds.removeLast();
        }
        changed = true;
        endsWithOwnTerminator = false;
        heldThisEvent = true;
    }

    /** Writes what is held (in its alternative form if {@code alternative} and one is held) at this point. */
    public void release(boolean alternative) {
        // Output written for the event in hand before this point is now out of reach of a later hold.
        ownOutputReleased |= writtenLength() > eventStart;
        if (held.length() > 0) {
            closeOpenEvent();
            rewritten |= alternative && alternativeHeld();
            bytes().append(alternative && alternativeHeld() ? heldAlternative : held);
            held.release();
            heldAlternative.release();
            changed = true;
            // The event in hand, if held last, goes out last: an LF still to come follows it, as if never held.
            endsWithOwnTerminator = heldThisEvent && heldEndsWithOwnEvent;
            if (endsWithOwnTerminator) {
                ownEnds.add(writtenLength());
            }
            ownOutputReleased |= ownOutputHeld;
            ownOutputHeld = false;
            heldThisEvent = false;
        }
        // What was written so far (released, or made by the guard around it) is out of reach of a later hold.
        eventStart = writtenLength();
    }

    /** Writes the first {@code length} bytes held (events held before a mark taken with {@link #heldBytes()}). */
    public void releasePart(int length) {
        if (alternativeHeld()) {
            throw new IllegalStateException("an alternative form is released whole");
        }
        ownOutputReleased |= writtenLength() > eventStart;
        closeOpenEvent();
        bytes().append(held.array(), 0, length);
        int rest = held.length() - length;
        System.arraycopy(held.array(), length, held.array(), 0, rest);
        held.truncate(rest);
        changed = true;
        endsWithOwnTerminator = false;
        eventStart = writtenLength();
    }

    /** Gives up what is held, as written (the guard fails open: nothing the client should have is lost). */
    void abandonHold(ByteBuilder into) {
        into.append(held);
        held.release();
        heldAlternative.release();
    }

    /** Whether the event held first has an alternative form held beside it (it is never empty when it has). */
    private boolean alternativeHeld() {
        return heldAlternative.length() > 0;
    }

    /** How many bytes are held back. */
    public int heldBytes() {
        return held.length();
    }

    /**
     * How many of the bytes written since {@link #begin} came before the event in hand's own output: events a
     * release wrote, and what the guard made before it. After a fault in the rules they still go out.
     */
    int writtenBeforeEvent() {
        return eventStart;
    }

    /** Whether output written for the event in hand went into what is held, and is there still or among {@link #writtenBeforeEvent}. */
    boolean eventHeldOrReleased() {
        return ownOutputHeld || ownOutputReleased;
    }

    /** Whether what was written for the event in hand was held back, all of it. */
    boolean heldThisEvent() {
        return heldThisEvent && writtenLength() == eventStart;
    }

    /** The LF that completes the CRLF of the held event's last line came: it belongs to that event. */
    void lineFeedForHeld() {
        held.append(LF);
        if (alternativeHeld()) {
            heldAlternative.append(LF);
        }
    }

    /** Ends the body's last event, cut off without its blank line (D28); false when no such event was written. */
    boolean endOpenEvent() {
        if (!ownEventOpen) {
            return false;
        }
        closeOpenEvent();
        return true;
    }

    /**
     * Ends the body's last event, cut off without its blank line, when more is written after it (an event the
     * guard adds, or a second rewrite of it), so that the two stay apart.
     */
    private void closeOpenEvent() {
        if (!ownEventOpen) {
            return;
        }
        ByteBuilder out = bytes();
        byte last = out.length() == 0 ? (byte) '\n' : out.array()[out.length() - 1];
        if (last != '\n' && last != '\r') {
            out.append(lineEnding);
        }
        // After a bare CR, an LF would only complete that line ending: the blank line must start with a CR.
        out.append(LineEndings.joins(last, lineEnding[0]) ? CRLF : lineEnding);
        ownEventOpen = false;
        changed = true;
        rewritten = true;
    }

    /** Whether the output is not simply the event as it came (rewritten, or moved by a hold). */
    boolean changed() {
        return changed;
    }

    /** Whether the client gets other bytes than the upstream sent for this event (or a held one it released). */
    boolean rewritten() {
        return rewritten;
    }

    int events() {
        return events;
    }

    private int writtenLength() {
        return keptUncopied != null ? keptUncopied.rawLength() : bytes.length();
    }

    /** What was written since {@link #begin}. */
    ByteBuilder bytes() {
        if (keptUncopied != null) {
            bytes.append(keptUncopied.rawArray(), 0, keptUncopied.rawLength());
            keptUncopied = null;
        }
        return bytes;
    }

    /** How many copies of the event (kept or rewritten) the output holds; none when it was dropped. */
    int ownEndCount() {
        return ownEnds.size();
    }

    /** Where the {@code i}-th copy of the event ends in the output: just after its own blank line. */
    int ownEnd(int i) {
        return ownEnds.get(i);
    }

    /** Whether the output ends with the event's own blank line, so that an LF completing its CR may follow. */
    boolean endsWithOwnTerminator() {
        return endsWithOwnTerminator;
    }
}
