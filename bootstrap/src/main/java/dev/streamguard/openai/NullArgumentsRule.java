package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;

/**
 * D9: Kimi (via OpenRouter), DashScope and DeepInfra send {@code "arguments": null}, which clients
 * concatenate as {@code "null"}. It becomes the empty string.
 */
final class NullArgumentsRule {
    private static final byte[] EMPTY_STRING = {'"', '"'};

    private NullArgumentsRule() {
    }

    static boolean apply(MemberValue arguments, JsonEdits edits) {
        if (!arguments.is(JsonKind.NULL)) {
            return false;
        }
        edits.replace(arguments.valueStart(), arguments.valueEnd(), EMPTY_STRING);
        return true;
    }

    /** Empties the arguments value: used when a fragment is dropped (D10). */
    static void empty(MemberValue arguments, JsonEdits edits) {
        edits.replace(arguments.valueStart(), arguments.valueEnd(), EMPTY_STRING);
    }
}
