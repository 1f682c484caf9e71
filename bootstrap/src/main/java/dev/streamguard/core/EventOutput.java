package dev.streamguard.core;

import dev.streamguard.buffer.ByteBuilder;
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
    private byte[] lineEnding = LF;
    private boolean changed;
    private int events;
    private boolean endsWithOwnTerminator;

    void begin(SseEvent event) {
        bytes.clear();
        changed = false;
        events = 0;
        endsWithOwnTerminator = false;
        if (event != null && event.isTerminated()) {
            lineEnding = SseEventWriter.firstLineEnding(event);
        }
    }

    /** The event goes out as it came. */
    public void keep(SseEvent event) {
        bytes.append(event.rawArray(), 0, event.rawLength());
        events++;
        endsWithOwnTerminator = true;
    }

    /** The event goes out with the event line added and its JSON data changed by {@code edits} (which may be empty). */
    public void rewrite(SseEvent event, JsonEdits edits, byte[] eventName) {
        data.clear();
        edits.applyTo(event.dataArray(), event.dataStart(), event.dataEnd(), data);
        SseEventWriter.write(event, data.array(), 0, data.length(), eventName, bytes);
        changed = true;
        events++;
        endsWithOwnTerminator = true;
    }

    /** The event is not delivered. */
    public void drop() {
        changed = true;
        endsWithOwnTerminator = false;
    }

    /** A new event made by the guard, after whatever was written so far. */
    public void add(byte[] eventName, byte[] json, int start, int end) {
        SseEventWriter.writeNew(eventName, json, start, end, lineEnding, bytes);
        changed = true;
        events++;
        endsWithOwnTerminator = false;
    }

    public void add(byte[] eventName, ByteBuilder json) {
        add(eventName, json.array(), 0, json.length());
    }

    /** Ends an event that the body cut off without its blank line, before the guard adds events after it. */
    public void terminate(SseEvent tail) {
        if (!tail.isTerminated() && tail.rawLength() > 0) {
            byte last = tail.rawArray()[tail.rawLength() - 1];
            if (last != '\n' && last != '\r') {
                bytes.append(lineEnding);
            }
            bytes.append(lineEnding);
            changed = true;
        }
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

    /** Whether the output ends with the event's own blank line, so that an LF completing its CR may follow. */
    boolean endsWithOwnTerminator() {
        return endsWithOwnTerminator;
    }
}
