package dev.streamguard.json;

import dev.streamguard.buffer.ByteBuilder;

/** The decoded text of a short string value (a name, an id), kept for messages: at most its first 256 bytes. */
public final class ShortText {
    private static final int KEPT = 256;

    private ShortText() {
    }

    /** The text of {@code value}, or "" when it is not a string. */
    public static String of(byte[] buf, MemberValue value) {
        if (!value.isString()) {
            return "";
        }
        int end = Math.min(value.textEnd(), value.textStart() + KEPT);
        ByteBuilder decoded = new ByteBuilder(end - value.textStart());
        JsonStrings.decode(buf, value.textStart(), end, decoded);
        return decoded.toString();
    }
}
