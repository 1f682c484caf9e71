package dev.streamguard.json;

/**
 * Walks JSON text held in a byte array, without allocating: the caller descends into the objects it
 * cares about and skips every other value. Positions are indexes into the array, so that a rewrite can
 * splice the original bytes. Syntax errors throw the shared {@link MalformedJsonException}.
 */
public final class JsonCursor {
    private byte[] buf;
    private int pos;
    private int limit;
    private int keyStart;
    private int keyEnd;
    private int memberStart;

    public JsonCursor reset(byte[] buffer, int start, int end) {
        this.buf = buffer;
        this.pos = start;
        this.limit = end;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    /** Skips white space; returns the next byte (unsigned) or -1 at the end. */
    public int peek() {
        skipWhitespace();
        return pos < limit ? buf[pos] & 0xff : -1;
    }

    /** True when only white space is left. */
    public boolean atEnd() {
        return peek() < 0;
    }

    public void enterObject() {
        expect('{');
    }

    /** Enters the object at the cursor and starts recording its members in {@code members}. */
    public void beginObject(ObjectMembers members) {
        skipWhitespace();
        members.begin(pos);
        expect('{');
    }

    /** After {@link #nextMember} returned false: records where the object closed. */
    public void endObject(ObjectMembers members) {
        members.end(pos - 1);
    }

    /**
     * Records a member that started at {@code keyStart} (taken from {@link #memberStart()} before descending
     * into its value) and whose value ends at the cursor.
     */
    public void recordMember(ObjectMembers members, int keyStart, int valueStart) {
        members.add(keyStart, valueStart, pos);
    }

    /** Consumes the value at the cursor, remembering it as member {@code number} in {@code into}. */
    public void capture(MemberValue into, int number) {
        JsonKind k = kind();
        int start = pos;
        into.set(number, k, start, skipValue());
    }

    public void enterArray() {
        expect('[');
    }

    /**
     * Moves to the next member of the object being walked and past its colon, so that the cursor stands
     * at the value. Returns false (having consumed the closing brace) when the object has no more members.
     */
    public boolean nextMember(boolean first) {
        skipWhitespace();
        if (pos >= limit) {
            throw MalformedJsonException.INSTANCE;
        }
        byte c = buf[pos];
        if (c == '}') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw MalformedJsonException.INSTANCE;
            }
            pos++;
            skipWhitespace();
            if (pos >= limit) {
                throw MalformedJsonException.INSTANCE;
            }
        }
        if (buf[pos] != '"') {
            throw MalformedJsonException.INSTANCE;
        }
        memberStart = pos;
        keyStart = pos + 1;
        pos = stringEnd(pos);
        keyEnd = pos - 1;
        expect(':');
        skipWhitespace();
        return true;
    }

    /** Moves to the next element of the array being walked; false (closing bracket consumed) at its end. */
    public boolean nextElement(boolean first) {
        skipWhitespace();
        if (pos >= limit) {
            throw MalformedJsonException.INSTANCE;
        }
        byte c = buf[pos];
        if (c == ']') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw MalformedJsonException.INSTANCE;
            }
            pos++;
        }
        skipWhitespace();
        return true;
    }

    /** Position of the opening quote of the current member's key. */
    public int memberStart() {
        return memberStart;
    }

    /** Whether the current key is exactly this ASCII name (a key spelled with escapes never matches). */
    public boolean keyIs(byte[] name) {
        int n = keyEnd - keyStart;
        if (n != name.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[keyStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Skips the value at the cursor and returns the position just after it. */
    public int skipValue() {
        skipWhitespace();
        if (pos >= limit) {
            throw MalformedJsonException.INSTANCE;
        }
        byte c = buf[pos];
        if (c == '"') {
            pos = stringEnd(pos);
        } else if (c == '{' || c == '[') {
            pos = containerEnd(pos);
        } else {
            pos = scalarEnd(pos);
        }
        return pos;
    }

    /** The kind of value at the cursor, without consuming it. */
    public JsonKind kind() {
        int c = peek();
        switch (c) {
            case '"':
                return JsonKind.STRING;
            case '{':
                return JsonKind.OBJECT;
            case '[':
                return JsonKind.ARRAY;
            case 'n':
                return JsonKind.NULL;
            case 't':
            case 'f':
                return JsonKind.BOOLEAN;
            case -1:
                throw MalformedJsonException.INSTANCE;
            default:
                return JsonKind.NUMBER;
        }
    }

    /**
     * Consumes a non-negative integer value and returns it; returns -1 (the value still consumed) when the
     * value is anything else or does not fit in an int.
     */
    public int readIndex() {
        skipWhitespace();
        int start = pos;
        int end = skipValue();
        long v = 0;
        if (end == start) {
            return -1;
        }
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b < '0' || b > '9' || i - start > 9) {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private void expect(char c) {
        skipWhitespace();
        if (pos >= limit || buf[pos] != c) {
            throw MalformedJsonException.INSTANCE;
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < limit) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** From an opening quote, the position after the closing quote. */
    private int stringEnd(int quote) {
        int i = quote + 1;
        while (i < limit) {
            byte b = buf[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                i += 2;
            } else {
                i++;
            }
        }
        throw MalformedJsonException.INSTANCE;
    }

    private int scalarEnd(int start) {
        int i = start;
        while (i < limit) {
            byte b = buf[i];
            if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                break;
            }
            if (b == '{' || b == '[' || b == '"' || b == ':') {
                throw MalformedJsonException.INSTANCE;
            }
            i++;
        }
        if (i == start || !isScalar(start, i)) {
            throw MalformedJsonException.INSTANCE;
        }
        return i;
    }

    private boolean isScalar(int start, int end) {
        byte b = buf[start];
        if (b == 't') {
            return matches(start, end, TRUE);
        }
        if (b == 'f') {
            return matches(start, end, FALSE);
        }
        if (b == 'n') {
            return matches(start, end, NULL);
        }
        for (int i = start; i < end; i++) {
            byte c = buf[i];
            if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int start, int end, byte[] literal) {
        if (end - start != literal.length) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (buf[start + i] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** From an opening bracket, the position after the matching closing one; brackets must nest properly. */
    private int containerEnd(int open) {
        long stackBits = 0; // 1 = object, for the first 64 levels
        long[] deeper = null;
        int depth = 0;
        int i = open;
        while (i < limit) {
            byte b = buf[i];
            if (b == '"') {
                i = stringEnd(i);
                continue;
            }
            if (b == '{' || b == '[') {
                boolean isObject = b == '{';
                if (depth < 64) {
                    stackBits = isObject ? stackBits | (1L << depth) : stackBits & ~(1L << depth);
                } else {
                    if (deeper == null) {
                        deeper = new long[4];
                    }
                    int d = depth - 64;
                    if ((d >> 6) >= deeper.length) {
                        deeper = java.util.Arrays.copyOf(deeper, deeper.length * 2);
                    }
                    if (isObject) {
                        deeper[d >> 6] |= 1L << (d & 63);
                    } else {
                        deeper[d >> 6] &= ~(1L << (d & 63));
                    }
                }
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                boolean wasObject = depth < 64 ? (stackBits & (1L << depth)) != 0
                        : (deeper[(depth - 64) >> 6] & (1L << ((depth - 64) & 63))) != 0;
                if (wasObject != (b == '}')) {
                    throw MalformedJsonException.INSTANCE;
                }
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        throw MalformedJsonException.INSTANCE;
    }
}
