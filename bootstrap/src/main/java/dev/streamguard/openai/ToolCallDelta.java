package dev.streamguard.openai;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;

/** Where the fields of one {@code choices[i].delta.tool_calls[j]} element sit in the chunk. */
final class ToolCallDelta {
    final ObjectMembers members = new ObjectMembers();
    final ObjectMembers function = new ObjectMembers();
    final MemberValue index = new MemberValue();
    final MemberValue id = new MemberValue();
    final MemberValue type = new MemberValue();
    final MemberValue name = new MemberValue();
    final MemberValue arguments = new MemberValue();
    int functionMember;
    int indexValue;

    void clear() {
        index.clear();
        id.clear();
        type.clear();
        name.clear();
        arguments.clear();
        functionMember = -1;
        indexValue = -1;
    }
}
