package dev.streamguard.openai;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MemberValue;

/**
 * D8: TGI and Ollama send {@code arguments} as a JSON object instead of a string, and openai-java throws
 * {@code `arguments` is invalid}. The value is turned into a string holding exactly its JSON text.
 */
final class ObjectArgumentsRule {
    private ObjectArgumentsRule() {
    }

    /** Arguments that are a JSON value other than a string or null. */
    static boolean applies(MemberValue arguments) {
        return arguments.present() && arguments.kind() != JsonKind.STRING && arguments.kind() != JsonKind.NULL;
    }

    static void apply(byte[] buf, MemberValue arguments, JsonEdits edits) {
        ByteBuilder encoded = new ByteBuilder(arguments.valueEnd() - arguments.valueStart() + 16);
        JsonStrings.encode(buf, arguments.valueStart(), arguments.valueEnd(), encoded);
        edits.replace(arguments.valueStart(), arguments.valueEnd(), encoded.toByteArray());
    }
}
