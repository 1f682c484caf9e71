package dev.streamguard.core;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.buffer.IntList;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.sse.SseEvent;
import dev.streamguard.sse.SseEventWriter;

/**
 * What a protocol writes for the event it handles: the event kept, dropped, rewritten, or joined by events
 * the guard makes. The engine decides whether the client gets this or, in observe mode, the original.
 */
public final class EventOutput {
    private static final byte[] LF = {'\n'};

    private final ByteBuilder bytes = new ByteBuilder(1024);
    private final ByteBuilder data = new ByteBuilder(512);
    private static final byte[] CRLF = {'\r', '\n'};
    private byte[] lineEnding = LF;
    private boolean changed;
    private int events;
    private boolean endsWithOwnTerminator;
    private boolean ownEventOpen;
    private final IntList ownEnds = new IntList();

    void begin(SseEvent event) {
        bytes.clear();
        changed = false;
        events = 0;
        endsWithOwnTerminator = false;
        ownEventOpen = false;
        ownEnds.clear();
        if (event != null && event.isTerminated()) {
            byte[] ending = SseEventWriter.firstLineEnding(event);
            if (ending != null) {
                lineEnding = ending;
            }
        }
    }

    /** The event goes out as it came. */
    public void keep(SseEvent event) {
        closeOpenEvent();
        bytes.append(event.rawArray(), 0, event.rawLength());
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
        SseEventWriter.write(event, data.array(), 0, data.length(), eventName, bytes);
        changed = true;
        events++;
        wroteOwn(event);
    }

    private void wroteOwn(SseEvent event) {
        endsWithOwnTerminator = true;
        ownEventOpen = !event.isTerminated();
        ownEnds.add(bytes.length());
    }

    /** The event is not delivered. */
    public void drop() {
        changed = true;
        endsWithOwnTerminator = false;
    }

    /** A new event made by the guard, after whatever was written so far. */
    public void add(byte[] eventName, byte[] json, int start, int end) {
        closeOpenEvent();
        SseEventWriter.writeNew(eventName, json, start, end, lineEnding, bytes);
        changed = true;
        events++;
        endsWithOwnTerminator = false;
    }

    public void add(byte[] eventName, ByteBuilder json) {
        add(eventName, json.array(), 0, json.length());
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
        byte last = bytes.length() == 0 ? (byte) '\n' : bytes.array()[bytes.length() - 1];
        if (last != '\n' && last != '\r') {
            bytes.append(lineEnding);
        }
        // After a bare CR, an LF would only complete that line ending: the blank line must start with a CR.
        bytes.append(last == '\r' && lineEnding[0] == '\n' ? CRLF : lineEnding);
        ownEventOpen = false;
        changed = true;
    }

    boolean changed() {
        return changed;
    }

    int events() {
        return events;
    }

    ByteBuilder bytes() {
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
