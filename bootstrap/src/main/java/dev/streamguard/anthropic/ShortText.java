package dev.streamguard.anthropic;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MemberValue;

/** The decoded text of a short string value (a name, an id), kept for messages: at most its first 256 bytes. */
final class ShortText {
    private static final int KEPT = 256;

    private ShortText() {
    }

    /** The text of {@code value}, or "" when it is not a string. */
    static String of(byte[] buf, MemberValue value) {
        if (!value.isString()) {
            return "";
        }
        int end = Math.min(value.textEnd(), value.textStart() + KEPT);
        ByteBuilder decoded = new ByteBuilder(end - value.textStart());
        JsonStrings.decode(buf, value.textStart(), end, decoded);
        return decoded.toString();
    }
}
