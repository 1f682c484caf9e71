package dev.streamguard.core;

import dev.streamguard.sse.SseEvent;
import dev.streamguard.sse.SseEventWriter;

/**
 * The few event shapes of a stream learned so far (text deltas, the fragments of each tool call, Gemini's text chunks), tried on
 * the bytes at each event boundary before any framing or parsing. A protocol learns a shape from an event
 * its rules left alone and forgets them all when an event changes the state they rest on.
 */
public final class EventTemplates {
    private static final int SIZE = 4;
    private static final int MAX_EVENT_BYTES = 4096;

    private final EventTemplate[] templates = new EventTemplate[SIZE];
    private final int[] learnStart = new int[EventTemplate.MAX_SLOTS];
    private final int[] learnEnd = new int[EventTemplate.MAX_SLOTS];
    private final boolean[] learnInteger = new boolean[EventTemplate.MAX_SLOTS];
    private final int[] foundStart = new int[EventTemplate.MAX_SLOTS];
    private final int[] foundEnd = new int[EventTemplate.MAX_SLOTS];
    private int learnSlots;
    private int argumentsSlot;
    private int counterSlot;
    private EventCounter counter;
    private int next;
    private EventTemplate matched;
    private int matchedLength;
    private final int[] runEvents = new int[1];

    /** Starts describing the slots of {@code event} for {@link #learn}. */
    public void startLearning() {
        learnSlots = 0;
        argumentsSlot = -1;
        counterSlot = -1;
        counter = null;
    }

    /** A slot: the content of a string value at {@code [start, end)} of the event's data; false if there are too many. */
    public boolean slot(int start, int end, boolean arguments) {
        if (!add(start, end, false)) {
            return false;
        }
        if (arguments) {
            argumentsSlot = start;
        }
        return true;
    }

    /**
     * The counter slot: the integer at {@code [start, end)} of the event's data, which events of this shape may
     * carry only where {@code counter} takes it; false if there are too many slots.
     */
    public boolean counter(int start, int end, EventCounter counter) {
        if (!add(start, end, true)) {
            return false;
        }
        counterSlot = start;
        this.counter = counter;
        return true;
    }

    /** An integer slot: a number at {@code [start, end)} of the event's data that may differ from event to event; false if there are too many slots. */
    public boolean integer(int start, int end) {
        return add(start, end, true);
    }

    private boolean add(int start, int end, boolean integer) {
        if (learnSlots == EventTemplate.MAX_SLOTS) {
            return false;
        }
        int i = learnSlots++;
        while (i > 0 && learnStart[i - 1] > start) {
            learnStart[i] = learnStart[i - 1];
            learnEnd[i] = learnEnd[i - 1];
            learnInteger[i] = learnInteger[i - 1];
            i--;
        }
        learnStart[i] = start;
        learnEnd[i] = end;
        learnInteger[i] = integer;
        return true;
    }

    /** Remembers the shape of {@code event} with the slots described since {@link #startLearning}. */
    public void learn(SseEvent event, ToolCall call) {
        // Only one data line whose bytes are the event's own (slot positions are then positions in the raw
        // bytes), small, and not ending in a lone CR (whose LF may still come in the next chunk).
        if (!event.isTerminated() || event.dataArray() != event.rawArray() || event.rawLength() > MAX_EVENT_BYTES
                || event.rawArray()[event.rawLength() - 1] == '\r') {
            return;
        }
        int argSlot = -1;
        int countSlot = -1;
        for (int i = 0; i < learnSlots; i++) {
            if (learnStart[i] == argumentsSlot) {
                argSlot = i;
            }
            if (learnStart[i] == counterSlot) {
                countSlot = i;
            }
        }
        if (templates[next] == matched) {
            matched = null;
        }
        templates[next] = new EventTemplate(event.rawArray(), event.rawLength(), learnStart, learnEnd, learnInteger, learnSlots,
                argSlot, call, countSlot, counter, event.hasUnusualFraming(), SseEventWriter.firstLineEnding(event));
        next = (next + 1) % SIZE;
    }

    public void forget() {
        for (int i = 0; i < SIZE; i++) {
            templates[i] = null;
        }
        matched = null;
    }

    /**
     * Tries every shape on {@code b[pos, end)}, the one that matched last first (a stream sends runs of one shape:
     * a tool call's fragments, a text's deltas); returns the length of the whole event matched,
     * {@link EventTemplate#PARTIAL} for the start of one that ends past {@code end}, or 0. A partial match settles it:
     * a shape is one event, with its blank line only at its end, so bytes that agree with one shape up to
     * {@code end} hold no whole event of another.
     */
    public int match(byte[] b, int pos, int end) {
        EventTemplate last = matched;
        if (last != null) {
            int n = last.match(b, pos, end, foundStart, foundEnd);
            if (n > 0) {
                matchedLength = n;
                return n;
            }
            if (n == EventTemplate.PARTIAL) {
                return n;
            }
        }
        for (int k = 0; k < SIZE; k++) {
            EventTemplate t = templates[k];
            if (t == null || t == last) {
                continue;
            }
            int n = t.match(b, pos, end, foundStart, foundEnd);
            if (n > 0) {
                matched = t;
                matchedLength = n;
                return n;
            }
            if (n == EventTemplate.PARTIAL) {
                // Tried first when the event's end comes.
                matched = t;
                return n;
            }
        }
        matched = null;
        return 0;
    }

    /**
     * Whether the event of the last match may go out as it is: its counter, if its shape has one, takes the number
     * it carries. Called once the event is taken on the fast path; false sends it to the full path instead.
     */
    public boolean takeMatchedCount(byte[] b) {
        int slot = matched.counterSlot;
        if (slot < 0) {
            return true;
        }
        long value = 0;
        for (int i = foundStart[slot]; i < foundEnd[slot]; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return matched.counter.take(value);
    }

    /**
     * Where the events of the last match's shape that follow it at {@code pos} end, if the shape allows them to be
     * taken as a run (nothing in them to follow but their bytes; see {@link EventTemplate#runEnd}); {@code pos} if
     * not. How many there are: {@link #runEvents()}.
     */
    public int matchedRunEnd(byte[] b, int pos, int end, long maxEventBytes) {
        if (!matched.runs) {
            runEvents[0] = 0;
            return pos;
        }
        return matched.runEnd(b, pos, end, maxEventBytes, runEvents);
    }

    public int runEvents() {
        return runEvents[0];
    }

    /** The tool call whose fragment the last match carries, or null. */
    public ToolCall matchedCall() {
        return matched.argumentsSlot >= 0 ? matched.call : null;
    }

    public int matchedArgumentsStart() {
        return foundStart[matched.argumentsSlot];
    }

    public int matchedArgumentsEnd() {
        return foundEnd[matched.argumentsSlot];
    }

    public boolean matchedUnusualFraming() {
        return matched.unusualFraming;
    }

    /** The matched event's line ending (null for none to learn from). */
    public byte[] matchedLineEnding() {
        return matched.lineEnding;
    }

    public int matchedLength() {
        return matchedLength;
    }
}
