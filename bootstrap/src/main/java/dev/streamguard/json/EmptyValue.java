package dev.streamguard.json;

/**
 * Whether a JSON value says nothing: {@code null}, {@code false}, {@code ""}, or an object or array with nothing
 * but white space inside. Gateways send such values where a member is required to exist (D30's {@code "error"}).
 */
public final class EmptyValue {
    private EmptyValue() {
    }

    /** The value is the JSON text {@code buf[start, end)}, without surrounding white space. */
    public static boolean is(byte[] buf, int start, int end) {
        if (end <= start) {
            return true;
        }
        byte first = buf[start];
        if (first == 'n' || first == 'f') {
            return true;
        }
        if (first == '"') {
            return end - start == 2;
        }
        if (first == '{' || first == '[') {
            for (int i = start + 1; i < end - 1; i++) {
                if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
