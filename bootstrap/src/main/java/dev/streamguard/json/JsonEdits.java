package dev.streamguard.json;

import dev.streamguard.buffer.ByteBuilder;
import java.util.Arrays;

/**
 * A set of changes to one JSON text, applied as splices so that every byte the rules do not touch comes
 * out as it came in: value replacements, member removals and member insertions. Member removals and the
 * insertions into one object are resolved together, so the commas stay right whatever is removed.
 */
public final class JsonEdits {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] COMMA = {','};
    private static final int[] NO_INTS = new int[0];
    private static final byte[][] NO_TEXTS = new byte[0][];
    private static final ObjectMembers[] NO_OBJECTS = new ObjectMembers[0];
    private static final boolean[] NO_FLAGS = new boolean[0];

    // Every array starts empty and grows at its first use: a stream keeps several of these, and nearly all of them
    // never hold an edit.
    private int replacements;
    private int[] replaceStart = NO_INTS;
    private int[] replaceEnd = NO_INTS;
    private byte[][] replaceWith = NO_TEXTS;

    private int removals;
    private ObjectMembers[] removalObject = NO_OBJECTS;
    private int[] removalMember = NO_INTS;

    private int insertions;
    private ObjectMembers[] insertionObject = NO_OBJECTS;
    private byte[][] insertionText = NO_TEXTS;
    private boolean[] insertionLast = NO_FLAGS;

    // scratch for apply()
    private int ranges;
    private int[] rangeStart = NO_INTS;
    private int[] rangeEnd = NO_INTS;
    private byte[][] rangeWith = NO_TEXTS;
    private int[] order = NO_INTS;

    /** Forgets every edit; only the slots in use hold references, so only those are cleared (nearly always none). */
    public void clear() {
        Arrays.fill(replaceWith, 0, replacements, null);
        Arrays.fill(removalObject, 0, removals, null);
        Arrays.fill(insertionObject, 0, insertions, null);
        Arrays.fill(insertionText, 0, insertions, null);
        replacements = 0;
        removals = 0;
        insertions = 0;
    }

    public boolean isEmpty() {
        return replacements == 0 && removals == 0 && insertions == 0;
    }

    /** Replaces the bytes {@code [start, end)}, typically one value, with {@code text}. */
    public void replace(int start, int end, byte[] text) {
        if (replacements == replaceStart.length) {
            int n = grown(replacements);
            replaceStart = Arrays.copyOf(replaceStart, n);
            replaceEnd = Arrays.copyOf(replaceEnd, n);
            replaceWith = Arrays.copyOf(replaceWith, n);
        }
        replaceStart[replacements] = start;
        replaceEnd[replacements] = end;
        replaceWith[replacements] = text;
        replacements++;
    }

    /** Removes member {@code member} of {@code object}, with the comma that separates it. */
    public void remove(ObjectMembers object, int member) {
        for (int i = 0; i < removals; i++) {
            if (removalObject[i] == object && removalMember[i] == member) {
                return;
            }
        }
        if (removals == removalObject.length) {
            int n = grown(removals);
            removalObject = Arrays.copyOf(removalObject, n);
            removalMember = Arrays.copyOf(removalMember, n);
        }
        removalObject[removals] = object;
        removalMember[removals] = member;
        removals++;
    }

    /**
     * Replaces the bytes {@code [start, end)} with {@code text}, instead of what an earlier replacement of
     * exactly that span would write.
     */
    public void override(int start, int end, byte[] text) {
        for (int i = 0; i < replacements; i++) {
            if (replaceStart[i] == start && replaceEnd[i] == end) {
                replaceWith[i] = text;
                return;
            }
        }
        replace(start, end, text);
    }

    /** Becomes a copy of {@code other}: the same changes to the same text. */
    public void copyFrom(JsonEdits other) {
        clear();
        for (int i = 0; i < other.replacements; i++) {
            replace(other.replaceStart[i], other.replaceEnd[i], other.replaceWith[i]);
        }
        for (int i = 0; i < other.removals; i++) {
            remove(other.removalObject[i], other.removalMember[i]);
        }
        for (int i = 0; i < other.insertions; i++) {
            insert(other.insertionObject[i], other.insertionText[i], other.insertionLast[i]);
        }
    }

    /**
     * Inserts {@code memberText} (e.g. {@code "index":0}) as the first member of {@code object}; members
     * inserted first into the same object before go before it.
     */
    public void insertFirst(ObjectMembers object, byte[] memberText) {
        insert(object, memberText, false);
    }

    /** Inserts {@code memberText} as the last member of {@code object}, right after the value of its last member. */
    public void insertLast(ObjectMembers object, byte[] memberText) {
        insert(object, memberText, true);
    }

    /** One insertion per object and end: what is inserted at the same end of the same object is joined to it. */
    private void insert(ObjectMembers object, byte[] memberText, boolean last) {
        for (int i = 0; i < insertions; i++) {
            if (insertionObject[i] == object && insertionLast[i] == last) {
                insertionText[i] = concat(concat(insertionText[i], COMMA), memberText);
                return;
            }
        }
        if (insertions == insertionObject.length) {
            int n = grown(insertions);
            insertionObject = Arrays.copyOf(insertionObject, n);
            insertionText = Arrays.copyOf(insertionText, n);
            insertionLast = Arrays.copyOf(insertionLast, n);
        }
        insertionObject[insertions] = object;
        insertionText[insertions] = memberText;
        insertionLast[insertions] = last;
        insertions++;
    }

    /** Writes {@code src[start, end)} with every edit applied. */
    public void applyTo(byte[] src, int start, int end, ByteBuilder out) {
        ranges = 0;
        for (int i = 0; i < replacements; i++) {
            addRange(replaceStart[i], replaceEnd[i], replaceWith[i]);
        }
        for (int i = 0; i < removals; i++) {
            if (!seenBefore(removalObject, i, removalObject[i])) {
                resolveObject(removalObject[i]);
            }
        }
        for (int i = 0; i < insertions; i++) {
            if (!isRemovalObject(insertionObject[i]) && !seenBefore(insertionObject, i, insertionObject[i])) {
                resolveObject(insertionObject[i]);
            }
        }
        sortRanges();
        int at = start;
        for (int k = 0; k < ranges; k++) {
            int r = order[k];
            if (rangeStart[r] < at || rangeEnd[r] > end) {
                throw new IllegalStateException("overlapping JSON edits");
            }
            out.append(src, at, rangeStart[r] - at);
            out.append(rangeWith[r]);
            at = rangeEnd[r];
        }
        out.append(src, at, end - at);
    }

    /** Insertion sort by (start, end): an event has a handful of edits. */
    private void sortRanges() {
        for (int i = 0; i < ranges; i++) {
            int r = i;
            int j = i - 1;
            while (j >= 0 && comesAfter(order[j], r)) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = r;
        }
    }

    private boolean comesAfter(int a, int b) {
        return rangeStart[a] != rangeStart[b] ? rangeStart[a] > rangeStart[b] : rangeEnd[a] > rangeEnd[b];
    }

    private static boolean seenBefore(ObjectMembers[] objects, int index, ObjectMembers object) {
        for (int i = 0; i < index; i++) {
            if (objects[i] == object) {
                return true;
            }
        }
        return false;
    }

    private boolean isRemovalObject(ObjectMembers object) {
        for (int i = 0; i < removals; i++) {
            if (removalObject[i] == object) {
                return true;
            }
        }
        return false;
    }

    private boolean isRemoved(ObjectMembers object, int member) {
        for (int i = 0; i < removals; i++) {
            if (removalObject[i] == object && removalMember[i] == member) {
                return true;
            }
        }
        return false;
    }

    private byte[] insertionFor(ObjectMembers object, boolean last) {
        for (int i = 0; i < insertions; i++) {
            if (insertionObject[i] == object && insertionLast[i] == last) {
                return insertionText[i];
            }
        }
        return null;
    }

    /**
     * Turns the removals and the insertions of one object into ranges. Members removed before the first
     * kept one go with their following commas; members removed after it go with their preceding commas.
     */
    private void resolveObject(ObjectMembers object) {
        int n = object.count();
        byte[] insertion = insertionFor(object, false);
        byte[] last = insertionFor(object, true);
        int firstKept = -1;
        for (int m = 0; m < n; m++) {
            if (!isRemoved(object, m)) {
                firstKept = m;
                break;
            }
        }
        if (firstKept < 0) {
            int from = n == 0 ? object.open() + 1 : object.keyStart(0);
            int to = n == 0 ? from : object.valueEnd(n - 1);
            byte[] inserted = insertion == null ? last : last == null ? insertion : concat(concat(insertion, COMMA), last);
            addRange(from, to, inserted == null ? EMPTY : inserted);
            return;
        }
        if (last != null) {
            addRange(object.valueEnd(n - 1), object.valueEnd(n - 1), concat(COMMA, last));
        }
        if (firstKept > 0) {
            addRange(object.keyStart(0), object.keyStart(firstKept), insertion == null ? EMPTY : concat(insertion, COMMA));
        } else if (insertion != null) {
            addRange(object.open() + 1, object.open() + 1, concat(insertion, COMMA));
        }
        for (int m = firstKept + 1; m < n; m++) {
            if (isRemoved(object, m)) {
                addRange(object.valueEnd(m - 1), object.valueEnd(m), EMPTY);
            }
        }
    }

    /** The next size of arrays full at {@code count}. */
    private static int grown(int count) {
        return Math.max(4, count * 2);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private void addRange(int start, int end, byte[] with) {
        if (ranges == rangeStart.length) {
            int n = grown(ranges);
            rangeStart = Arrays.copyOf(rangeStart, n);
            rangeEnd = Arrays.copyOf(rangeEnd, n);
            rangeWith = Arrays.copyOf(rangeWith, n);
            order = Arrays.copyOf(order, n);
        }
        rangeStart[ranges] = start;
        rangeEnd[ranges] = end;
        rangeWith[ranges] = with;
        ranges++;
    }
}
