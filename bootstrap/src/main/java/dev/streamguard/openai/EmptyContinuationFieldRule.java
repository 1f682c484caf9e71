package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;

/**
 * D5: DeepSeek and DashScope send {@code "id":""}, {@code "type":""} and {@code "name":""} on continuation
 * deltas; LangChain4j fails on the empty enum {@code type}. Empty (or null) values are dropped there.
 * Returns how many fields it dropped.
 */
final class EmptyContinuationFieldRule {
    private EmptyContinuationFieldRule() {
    }

    static int apply(ToolCallDelta t, boolean continuation, JsonEdits edits) {
        if (!continuation) {
            return 0;
        }
        return drop(t.members, t.id, edits) + drop(t.members, t.type, edits) + drop(t.function, t.name, edits);
    }

    private static int drop(ObjectMembers object, MemberValue field, JsonEdits edits) {
        if (field.isEmptyString() || field.is(JsonKind.NULL)) {
            edits.remove(object, field.member());
            return 1;
        }
        return 0;
    }
}
