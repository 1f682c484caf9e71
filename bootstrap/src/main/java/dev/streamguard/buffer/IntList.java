package dev.streamguard.buffer;

import java.util.Arrays;

/** A growable list of ints, without boxing; reused through {@link #clear()}. */
public final class IntList {
    private int[] values = new int[2];
    private int size;

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return values[index];
    }

    public void set(int index, int value) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        values[index] = value;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public void removeLast() {
        if (size == 0) {
            throw new IndexOutOfBoundsException("empty");
        }
        size--;
    }
}
