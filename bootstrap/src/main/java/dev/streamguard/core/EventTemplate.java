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
