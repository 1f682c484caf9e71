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
    /** {@link #match}'s answer for bytes that agree with this shape as far as they go, but end before its end. */
    static final int PARTIAL = -1;
    /** Internal to a match: what there is agrees, and the bytes end first. */
    private static final int RAN_OUT = -2;

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
    /** Where the first slot starts, and where the last one ends (both the length of the event if it has none). */
    private final int head;
    private final int tailFrom;

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
        this.head = slots > 0 ? slotStart[0] : bytes.length;
        this.tailFrom = slots > 0 ? slotEnd[slots - 1] : bytes.length;
        if (runs) {
            int tail = bytes.length - tailFrom;
            seam = new byte[tail + head];
            System.arraycopy(bytes, tailFrom, seam, 0, tail);
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
     * its length, {@link #PARTIAL} if what there is agrees with the shape but ends first, or 0; the spans of its
     * slots go to {@code foundStart} and {@code foundEnd}.
     */
    int match(byte[] b, int pos, int end, int[] foundStart, int[] foundEnd) {
        int start = compare(bytes, 0, head, b, pos, end);
        if (start != 1) {
            return unmatched(start);
        }
        int at = slotsAndConstants(b, pos + head, end, foundStart, foundEnd);
        if (at < 0) {
            return unmatched(at);
        }
        int last = compare(bytes, tailFrom, bytes.length, b, at, end);
        if (last != 1) {
            return unmatched(last);
        }
        return at + bytes.length - tailFrom - pos;
    }

    /**
     * Not {@link #PARTIAL} for a shape framed unusually (in SSE every CR ends a line, and a CR line ending is unusual):
     * the start of such an event is framed line by line as it comes, so that a CR at a chunk's end is judged where the
     * framer judges it.
     */
    private int unmatched(int why) {
        return why == RAN_OUT && !unusualFraming ? PARTIAL : 0;
    }

    /**
     * Where the run of events of this shape that starts at {@code pos} (just after one) ends: after the last of them
     * that is whole before {@code end} and at most {@code maxEventBytes} long; {@code pos} if none is. Each is checked
     * as {@link #match} checks it; the count goes to {@code events[0]}. Only for a shape that {@link #runs}.
     */
    int runEnd(byte[] b, int pos, int end, long maxEventBytes, int[] events) {
        int tail = bytes.length - tailFrom;
        int whole = 0;
        int runEnd = pos;
        if (holds(bytes, 0, head, b, pos, end)) {
            int at = pos + head;
            while ((at = slotsAndConstants(b, at, end, null, null)) >= 0) {
                // The end of this event and the start of the next, or, if the next is not of this shape, the end alone.
                boolean next = holds(seam, 0, seam.length, b, at, end);
                if ((!next && !holds(seam, 0, tail, b, at, end)) || at + tail - runEnd > maxEventBytes) {
                    break;
                }
                whole++;
                runEnd = at + tail;
                if (!next) {
                    break;
                }
                at += seam.length;
            }
        }
        events[0] = whole;
        return runEnd;
    }

    /**
     * The slots and the constants between them, from just after the constant before the first slot at {@code at};
     * returns where the constant after the last slot should start, or -1 if they do not match. The spans of the
     * slots go to {@code foundStart} and {@code foundEnd} unless they are null.
     */
    private int slotsAndConstants(byte[] b, int at, int end, int[] foundStart, int[] foundEnd) {
        int slots = slotStart.length;
        for (int s = 0; s < slots; s++) {
            int close = integerSlot[s] ? integerEnd(b, at, end) : stringEnd(b, at, end);
            if (close < 0) {
                return close;
            }
            if (foundStart != null) {
                foundStart[s] = at;
                foundEnd[s] = close;
            }
            at = close;
            if (s + 1 < slots) {
                int between = compare(bytes, slotEnd[s], slotStart[s + 1], b, at, end);
                if (between != 1) {
                    return between == RAN_OUT ? RAN_OUT : -1;
                }
                at += slotStart[s + 1] - slotEnd[s];
            }
        }
        return at;
    }

    /** Whether {@code b} holds {@code constant[from, to)} at {@code at}, before {@code end}. */
    private static boolean holds(byte[] constant, int from, int to, byte[] b, int at, int end) {
        int length = to - from;
        return end - at >= length && Arrays.equals(constant, from, to, b, at, at + length);
    }

    /** 1 if {@code b} holds {@code constant[from, to)} at {@code at}; {@link #RAN_OUT} if it holds its start up to {@code end}; else 0. */
    private static int compare(byte[] constant, int from, int to, byte[] b, int at, int end) {
        if (holds(constant, from, to, b, at, end)) {
            return 1;
        }
        int there = end - at;
        return there < to - from && Arrays.equals(constant, from, from + there, b, at, end) ? RAN_OUT : 0;
    }

    /**
     * The end of the non-negative integer starting at {@code from}, written as JSON writes it and small enough for
     * an int (at most 9 digits); -1 if there is none, {@link #RAN_OUT} if it may go on past {@code end}.
     */
    private static int integerEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && i - from < 10 && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int digits = i - from;
        if (digits > 9 || (digits > 1 && b[from] == '0')) {
            return -1;
        }
        if (i == end) {
            return RAN_OUT;
        }
        return digits == 0 ? -1 : i;
    }

    /**
     * The position of the unescaped quote that closes the string content starting at {@code from}; -1 if a raw
     * control character (a line end above all, even after a backslash) shows that this is not one plain JSON string
     * on one line (such an event is left to the framer and the scanner); {@link #RAN_OUT} if the string goes on past
     * {@code end}.
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
        return RAN_OUT;
    }
}
