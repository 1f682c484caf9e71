package dev.streamguard.core;

import java.util.Arrays;

/**
 * The shape of a plain event, learned from one the rules had nothing to do with: its exact bytes with the
 * string values that vary from event to event (text, argument fragments, obfuscation noise) cut out as
 * slots, and the numbers that do (token counts; a sequence number, the counter slot) cut out as integer slots.
 * An event equal to it byte for byte outside the slots, with a JSON string in every string slot and a plain
 * integer in every integer slot, has the same structure, so the rules see the same facts; only its slots need
 * reading.
 */
final class EventTemplate {
    static final int MAX_SLOTS = 4;

    private final byte[] bytes;
    private final int[] slotStart;
    private final int[] slotEnd;
    private final boolean[] integerSlot;
    final int argumentsSlot;
    final ToolCall call;
    final int counterSlot;
    final EventCounter counter;
    final boolean unusualFraming;
    /** The event's line ending, which the stream's next events, matched or not, are written with. */
    final byte[] lineEnding;
    /**
     * Whether events of this shape that follow one another may be matched in one loop ({@link #runEnd}): nothing in
     * them but their bytes needs following (no tool-call fragment, no counter).
     */
    final boolean runs;
    /**
     * The constant after the last slot followed by the constant before the first: where one event of a run ends and
     * the next begins, compared at once.
     */
    private final byte[] seam;

    /**
     * @param raw      the event's bytes
     * @param starts   slot contents (inside the quotes of a string), ascending, as positions in {@code raw}
     * @param integers which slots hold an integer rather than a string
     * @param argumentsSlot which slot holds a tool-argument fragment for {@code call}, or -1
     * @param counterSlot   which (integer) slot holds the number {@code counter} checks, or -1
     */
    EventTemplate(byte[] raw, int rawLength, int[] starts, int[] ends, boolean[] integers, int slots, int argumentsSlot, ToolCall call,
                  int counterSlot, EventCounter counter, boolean unusualFraming, byte[] lineEnding) {
        this.bytes = Arrays.copyOf(raw, rawLength);
        this.slotStart = Arrays.copyOf(starts, slots);
        this.slotEnd = Arrays.copyOf(ends, slots);
        this.integerSlot = Arrays.copyOf(integers, slots);
        this.argumentsSlot = argumentsSlot;
        this.call = call;
        this.counterSlot = counterSlot;
        this.counter = counter;
        this.unusualFraming = unusualFraming;
        this.lineEnding = lineEnding;
        this.runs = slots > 0 && argumentsSlot < 0 && counterSlot < 0;
        if (slots > 0) {
            int head = slotStart[0];
            int tail = bytes.length - slotEnd[slots - 1];
            seam = new byte[tail + head];
            System.arraycopy(bytes, slotEnd[slots - 1], seam, 0, tail);
            System.arraycopy(bytes, 0, seam, tail, head);
        } else {
            seam = null;
        }
    }

    int slots() {
        return slotStart.length;
    }

    /**
     * Whether {@code b} holds, from {@code pos} and before {@code end}, a whole event of this shape. Returns
     * its length, or 0; the spans of its slots go to {@code foundStart} and {@code foundEnd}.
     */
    int match(byte[] b, int pos, int end, int[] foundStart, int[] foundEnd) {
        int at = pos;
        int constantFrom = 0;
        for (int s = 0; s < slotStart.length; s++) {
            int constantLength = slotStart[s] - constantFrom;
            if (end - at < constantLength
                    || !Arrays.equals(bytes, constantFrom, slotStart[s], b, at, at + constantLength)) {
                return 0;
            }
            at += constantLength;
            int close = integerSlot[s] ? integerEnd(b, at, end) : stringEnd(b, at, end);
            if (close < 0) {
                return 0;
            }
            foundStart[s] = at;
            foundEnd[s] = close;
            at = close;
            constantFrom = slotEnd[s];
        }
        int tail = bytes.length - constantFrom;
        if (end - at < tail || !Arrays.equals(bytes, constantFrom, bytes.length, b, at, at + tail)) {
            return 0;
        }
        return at + tail - pos;
    }

    /**
     * Where the run of events of this shape that starts at {@code pos} (just after one) ends: after the last of them
     * that is whole before {@code end} and at most {@code maxEventBytes} long; {@code pos} if none is. Each is checked
     * as {@link #match} checks it; the count goes to {@code events[0]}. Only for a shape that {@link #runs}.
     */
    int runEnd(byte[] b, int pos, int end, long maxEventBytes, int[] events) {
        int head = slotStart[0];
        int tail = bytes.length - slotEnd[slotStart.length - 1];
        int whole = 0;
        int runEnd = pos;
        if (end - pos < head || !Arrays.equals(bytes, 0, head, b, pos, pos + head)) {
            events[0] = 0;
            return pos;
        }
        int at = pos + head;
        while (true) {
            at = slotsAndConstants(b, at, end);
            if (at < 0) {
                break;
            }
            // The end of this event and the start of the next, or, if the next is not of this shape, the end alone.
            boolean next = end - at >= seam.length && Arrays.equals(seam, 0, seam.length, b, at, at + seam.length);
            if (!next && (end - at < tail || !Arrays.equals(seam, 0, tail, b, at, at + tail))) {
                break;
            }
            if (at + tail - runEnd > maxEventBytes) {
                break;
            }
            whole++;
            runEnd = at + tail;
            if (!next) {
                break;
            }
            at += seam.length;
        }
        events[0] = whole;
        return runEnd;
    }

    /**
     * The slots and the constants between them, from just after the first constant at {@code at}; returns where the
     * last constant should start, or -1 if they do not match.
     */
    private int slotsAndConstants(byte[] b, int at, int end) {
        int slots = slotStart.length;
        for (int s = 0; s < slots; s++) {
            at = integerSlot[s] ? integerEnd(b, at, end) : stringEnd(b, at, end);
            if (at < 0) {
                return -1;
            }
            if (s + 1 < slots) {
                int from = slotEnd[s];
                int length = slotStart[s + 1] - from;
                if (end - at < length || !Arrays.equals(bytes, from, from + length, b, at, at + length)) {
                    return -1;
                }
                at += length;
            }
        }
        return at;
    }

    /**
     * The end of the non-negative integer starting at {@code from}, written as JSON writes it and small enough for
     * an int (at most 9 digits); -1 if there is none, or if it may go on past {@code end}.
     */
    private static int integerEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && i - from < 10 && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - from;
        if (digits == 0 || digits > 9 || i == end || (digits > 1 && b[from] == '0')) {
            return -1;
        }
        return i;
    }

    /**
     * The position of the unescaped quote that closes the string content starting at {@code from}; -1 if none,
     * or if a raw control character (a line end above all, even after a backslash) shows that this is not one
     * plain JSON string on one line: such an event is left to the framer and the scanner.
     */
    private static int stringEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 < end && (b[i + 1] & 0xff) < 0x20) {
                    return -1;
                }
                i += 2;
            } else {
                i++;
            }
        }
        return -1;
    }
}
