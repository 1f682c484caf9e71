package dev.streamguard.json;

import java.util.Arrays;

/**
 * Checks that a text fed in arbitrary pieces is one JSON value (RFC 8259), keeping no copy of it: a
 * state, one bit per open container, and counters. Used on tool arguments, which arrive as fragments.
 */
public final class JsonTextValidator {
    /** How the text stands if it ended now. */
    public enum Verdict { EMPTY, COMPLETE, INCOMPLETE, INVALID }

    private static final int VALUE = 0;            // a value must come (top level, after ':' or ',' in an array)
    private static final int VALUE_OR_CLOSE = 1;   // just after '['
    private static final int KEY_OR_CLOSE = 2;     // just after '{'
    private static final int KEY = 3;              // after ',' in an object
    private static final int COLON = 4;
    private static final int AFTER_VALUE = 5;      // inside a container, after a value
    private static final int DONE = 6;             // the top-level value is complete
    private static final int STRING = 7;
    private static final int STRING_ESCAPE = 8;
    private static final int STRING_HEX = 9;
    private static final int NUMBER_MINUS = 10;
    private static final int NUMBER_ZERO = 11;
    private static final int NUMBER_INT = 12;
    private static final int NUMBER_DOT = 13;
    private static final int NUMBER_FRACTION = 14;
    private static final int NUMBER_E = 15;
    private static final int NUMBER_E_SIGN = 16;
    private static final int NUMBER_EXPONENT = 17;
    private static final int LITERAL = 18;
    private static final int ERROR = 19;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private int state = VALUE;
    private boolean stringIsKey;
    private int hexLeft;
    private byte[] literal;
    private int literalIndex;
    private long[] containers = new long[1]; // bit set = object
    private int depth;
    private long offset;
    private String problem;
    private boolean topLevelContainer;

    public void reset() {
        state = VALUE;
        depth = 0;
        offset = 0;
        problem = null;
        topLevelContainer = false;
        if (containers.length > 16) {
            containers = new long[1];
        }
    }

    public void feed(byte[] src, int off, int len) {
        if (state == ERROR) {
            return;
        }
        int end = off + len;
        long base = offset - off;
        int i = off;
        while (i < end) {
            int c = src[i] & 0xff;
            // The transitions most bytes of tool arguments take are taken here, without a call; every other byte
            // goes through step(), which also names the problem of an invalid one.
            switch (state) {
                case STRING:
                    if (c == '"') {
                        state = stringIsKey ? COLON : valueEnded();
                        i++;
                        continue;
                    }
                    if (c != '\\' && c >= 0x20) {
                        i++;
                        while (i < end && (c = src[i] & 0xff) != '"' && c != '\\' && c >= 0x20) {
                            i++;
                        }
                        continue;
                    }
                    break;
                case KEY_OR_CLOSE:
                case KEY:
                    if (c == '"') {
                        stringIsKey = true;
                        state = STRING;
                        i++;
                        continue;
                    }
                    break;
                case COLON:
                    if (c == ':') {
                        state = VALUE;
                        i++;
                        continue;
                    }
                    break;
                case VALUE:
                case VALUE_OR_CLOSE:
                    if (c == '"') {
                        stringIsKey = false;
                        state = STRING;
                        i++;
                        continue;
                    }
                    if (c >= '1' && c <= '9') {
                        state = NUMBER_INT;
                        i++;
                        continue;
                    }
                    if (c == '{' && depth > 0) {
                        push(true);
                        state = KEY_OR_CLOSE;
                        i++;
                        continue;
                    }
                    break;
                case AFTER_VALUE:
                    if (c == ',') {
                        state = afterComma();
                        i++;
                        continue;
                    }
                    if ((c == '}' || c == ']') && isObject(depth - 1) == (c == '}')) {
                        depth--;
                        state = valueEnded();
                        i++;
                        continue;
                    }
                    break;
                case NUMBER_ZERO:
                case NUMBER_INT:
                case NUMBER_FRACTION:
                case NUMBER_EXPONENT:
                    // A digit after a leading zero is invalid: step() says so.
                    if (c >= '0' && c <= '9' && state != NUMBER_ZERO) {
                        i++;
                        continue;
                    }
                    if (c == ',' && depth > 0) {
                        state = afterComma();
                        i++;
                        continue;
                    }
                    break;
                case LITERAL:
                    if (c == literal[literalIndex]) {
                        if (++literalIndex == literal.length) {
                            state = valueEnded();
                        }
                        i++;
                        continue;
                    }
                    break;
                default:
                    break;
            }
            offset = base + i;
            step((byte) c);
            i++;
            if (state == ERROR) {
                break;
            }
        }
        offset = base + i;
    }

    /** Whether the text's value is an object or an array (as tool arguments are), not a bare scalar. */
    public boolean isContainer() {
        return topLevelContainer;
    }

    /** Bytes seen so far. */
    public long length() {
        return offset;
    }

    /** Whether the text is one whole value as it stands: asked after every tool-argument fragment. */
    public boolean isComplete() {
        return state == DONE || depth == 0 && (state == NUMBER_ZERO || state == NUMBER_INT || state == NUMBER_FRACTION || state == NUMBER_EXPONENT);
    }

    public boolean isInvalid() {
        return state == ERROR;
    }

    public Verdict verdict() {
        if (isInvalid()) {
            return Verdict.INVALID;
        }
        if (isComplete()) {
            return Verdict.COMPLETE;
        }
        return state == VALUE && depth == 0 ? Verdict.EMPTY : Verdict.INCOMPLETE;
    }

    /** Why the text is invalid or incomplete, for messages; null while it is fine. */
    public String problem() {
        if (state == ERROR) {
            return problem;
        }
        switch (verdict()) {
            case INCOMPLETE:
                return describeIncomplete();
            default:
                return null;
        }
    }

    private String describeIncomplete() {
        switch (state) {
            case STRING:
            case STRING_ESCAPE:
            case STRING_HEX:
                return "it ends inside a string after " + offset + " bytes";
            case LITERAL:
            case NUMBER_MINUS:
            case NUMBER_DOT:
            case NUMBER_E:
            case NUMBER_E_SIGN:
                return "it ends inside a value after " + offset + " bytes";
            default:
                String open = depth == 1 ? (isObject(0) ? "an unclosed object" : "an unclosed array")
                        : depth + " unclosed objects and arrays";
                return "it ends with " + open + " after " + offset + " bytes";
        }
    }

    private void step(byte b) {
        switch (state) {
            case STRING:
                if (b == '"') {
                    state = stringIsKey ? COLON : valueEnded();
                } else if (b == '\\') {
                    state = STRING_ESCAPE;
                } else if ((b & 0xff) < 0x20) {
                    fail(b, "a control character inside a string");
                }
                return;
            case STRING_ESCAPE:
                if (b == 'u') {
                    hexLeft = 4;
                    state = STRING_HEX;
                } else if (b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't') {
                    state = STRING;
                } else {
                    fail(b, "an invalid escape");
                }
                return;
            case STRING_HEX:
                if (Character.digit(b, 16) < 0) {
                    fail(b, "an invalid \\u escape");
                } else if (--hexLeft == 0) {
                    state = STRING;
                }
                return;
            case LITERAL:
                if (b != literal[literalIndex]) {
                    fail(b, "an invalid literal");
                } else if (++literalIndex == literal.length) {
                    state = valueEnded();
                }
                return;
            case NUMBER_MINUS:
                if (b == '0') {
                    state = NUMBER_ZERO;
                } else if (b >= '1' && b <= '9') {
                    state = NUMBER_INT;
                } else {
                    fail(b, "an invalid number");
                }
                return;
            case NUMBER_ZERO:
            case NUMBER_INT:
                if (b >= '0' && b <= '9' && state == NUMBER_INT) {
                    return;
                }
                if (b == '.') {
                    state = NUMBER_DOT;
                } else if (b == 'e' || b == 'E') {
                    state = NUMBER_E;
                } else {
                    endNumber(b);
                }
                return;
            case NUMBER_DOT:
                if (b >= '0' && b <= '9') {
                    state = NUMBER_FRACTION;
                } else {
                    fail(b, "an invalid number");
                }
                return;
            case NUMBER_FRACTION:
                if (b >= '0' && b <= '9') {
                    return;
                }
                if (b == 'e' || b == 'E') {
                    state = NUMBER_E;
                } else {
                    endNumber(b);
                }
                return;
            case NUMBER_E:
                if (b == '+' || b == '-') {
                    state = NUMBER_E_SIGN;
                } else if (b >= '0' && b <= '9') {
                    state = NUMBER_EXPONENT;
                } else {
                    fail(b, "an invalid number");
                }
                return;
            case NUMBER_E_SIGN:
                if (b >= '0' && b <= '9') {
                    state = NUMBER_EXPONENT;
                } else {
                    fail(b, "an invalid number");
                }
                return;
            case NUMBER_EXPONENT:
                if (b < '0' || b > '9') {
                    endNumber(b);
                }
                return;
            default:
                structural(b);
        }
    }

    private void endNumber(byte b) {
        state = valueEnded();
        structural(b);
    }

    private void structural(byte b) {
        if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            return;
        }
        switch (state) {
            case VALUE:
            case VALUE_OR_CLOSE:
                if (b == ']' && state == VALUE_OR_CLOSE) {
                    close(false, b);
                } else {
                    startValue(b);
                }
                return;
            case KEY_OR_CLOSE:
            case KEY:
                if (b == '"') {
                    stringIsKey = true;
                    state = STRING;
                } else if (b == '}' && state == KEY_OR_CLOSE) {
                    close(true, b);
                } else {
                    fail(b, "a key was expected");
                }
                return;
            case COLON:
                if (b == ':') {
                    state = VALUE;
                } else {
                    fail(b, "':' was expected");
                }
                return;
            case AFTER_VALUE:
                if (b == ',') {
                    state = afterComma();
                } else if (b == '}' || b == ']') {
                    close(b == '}', b);
                } else {
                    fail(b, "',' or the end of the " + (isObject(depth - 1) ? "object" : "array") + " was expected");
                }
                return;
            case DONE:
                fail(b, "the value was already complete");
                return;
            default:
                throw new IllegalStateException("state " + state);
        }
    }

    private void startValue(byte b) {
        if (depth == 0 && (b == '{' || b == '[')) {
            topLevelContainer = true;
        }
        switch (b) {
            case '{':
                push(true);
                state = KEY_OR_CLOSE;
                return;
            case '[':
                push(false);
                state = VALUE_OR_CLOSE;
                return;
            case '"':
                stringIsKey = false;
                state = STRING;
                return;
            case '-':
                state = NUMBER_MINUS;
                return;
            case '0':
                state = NUMBER_ZERO;
                return;
            case 't':
                startLiteral(TRUE);
                return;
            case 'f':
                startLiteral(FALSE);
                return;
            case 'n':
                startLiteral(NULL);
                return;
            default:
                if (b >= '1' && b <= '9') {
                    state = NUMBER_INT;
                } else {
                    fail(b, "a value was expected");
                }
        }
    }

    private void startLiteral(byte[] which) {
        literal = which;
        literalIndex = 1;
        state = LITERAL;
    }

    /** The state after a comma, which only ever follows a value inside a container. */
    private int afterComma() {
        return isObject(depth - 1) ? KEY : VALUE;
    }

    private int valueEnded() {
        return depth == 0 ? DONE : AFTER_VALUE;
    }

    private void push(boolean object) {
        int word = depth >> 6;
        if (word >= containers.length) {
            containers = Arrays.copyOf(containers, containers.length * 2);
        }
        if (object) {
            containers[word] |= 1L << (depth & 63);
        } else {
            containers[word] &= ~(1L << (depth & 63));
        }
        depth++;
    }

    private boolean isObject(int level) {
        return (containers[level >> 6] & (1L << (level & 63))) != 0;
    }

    private void close(boolean object, byte b) {
        if (depth == 0 || isObject(depth - 1) != object) {
            fail(b, "it closes a container that is not open");
            return;
        }
        depth--;
        state = valueEnded();
    }

    private void fail(byte b, String why) {
        state = ERROR;
        String shown = b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
        problem = shown + " at byte " + offset + ": " + why;
    }
}
