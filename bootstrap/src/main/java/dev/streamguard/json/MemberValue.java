package dev.streamguard.json;

/** One member the rules look at: its number in its object, and the kind and span of its value. */
public final class MemberValue {
    private int member = -1;
    private JsonKind kind;
    private int valueStart;
    private int valueEnd;

    public void clear() {
        member = -1;
    }

    public void set(int memberNumber, JsonKind valueKind, int start, int end) {
        member = memberNumber;
        kind = valueKind;
        valueStart = start;
        valueEnd = end;
    }

    public boolean present() {
        return member >= 0;
    }

    public int member() {
        return member;
    }

    public JsonKind kind() {
        return kind;
    }

    public int valueStart() {
        return valueStart;
    }

    public int valueEnd() {
        return valueEnd;
    }

    public boolean is(JsonKind k) {
        return member >= 0 && kind == k;
    }

    public boolean isString() {
        return is(JsonKind.STRING);
    }

    /** Present with a value other than null. */
    public boolean isNonNull() {
        return member >= 0 && kind != JsonKind.NULL;
    }

    /** A string whose content is empty. */
    public boolean isEmptyString() {
        return isString() && valueEnd - valueStart == 2;
    }

    /** A string with content. */
    public boolean hasText() {
        return isString() && valueEnd - valueStart > 2;
    }

    /** Start of a string's raw content (after the quote). */
    public int textStart() {
        return valueStart + 1;
    }

    /** End of a string's raw content (at the closing quote). */
    public int textEnd() {
        return valueEnd - 1;
    }

    /** Whether the value is a string whose raw content is exactly {@code text}. */
    public boolean textIs(byte[] buf, byte[] text) {
        return isString() && JsonStrings.rawEquals(buf, textStart(), textEnd(), text);
    }
}
