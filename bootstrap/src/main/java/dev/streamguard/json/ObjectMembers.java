package dev.streamguard.json;

import java.util.Arrays;

/**
 * Where the members of one JSON object sit in the text: what {@link JsonEdits} needs to remove a member
 * or insert one while keeping the commas right. Filled by a scanner while it walks; reused across events.
 */
public final class ObjectMembers {
    private int open = -1;
    private int close = -1;
    private int count;
    private int[] keyStart = new int[8];
    private int[] valueStart = new int[8];
    private int[] valueEnd = new int[8];

    /** Starts recording the object whose opening brace is at {@code openBrace}. */
    public void begin(int openBrace) {
        open = openBrace;
        close = -1;
        count = 0;
    }

    /** Records a member; returns its number within the object. */
    public int add(int key, int valueFrom, int valueTo) {
        if (count == keyStart.length) {
            int n = count * 2;
            keyStart = Arrays.copyOf(keyStart, n);
            valueStart = Arrays.copyOf(valueStart, n);
            valueEnd = Arrays.copyOf(valueEnd, n);
        }
        keyStart[count] = key;
        valueStart[count] = valueFrom;
        valueEnd[count] = valueTo;
        return count++;
    }

    /** Records the position of the closing brace. */
    public void end(int closeBrace) {
        close = closeBrace;
    }

    public boolean isRecorded() {
        return open >= 0 && close >= 0;
    }

    public int open() {
        return open;
    }

    public int close() {
        return close;
    }

    public int count() {
        return count;
    }

    public int keyStart(int member) {
        return keyStart[member];
    }

    public int valueStart(int member) {
        return valueStart[member];
    }

    public int valueEnd(int member) {
        return valueEnd[member];
    }
}
