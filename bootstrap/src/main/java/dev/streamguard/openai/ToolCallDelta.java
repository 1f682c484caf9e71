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
    /** A {@code function} member of any kind (an object, or something else a client would trip on). */
    boolean functionPresent;
    /** The index when it is a non-negative integer; -1 otherwise. */
    int indexValue;
    /** The index when it is an integer, negative ones included (D34); {@link #NO_INDEX} otherwise. */
    int signedIndex;
    static final int NO_INDEX = Integer.MIN_VALUE;

    void clear() {
        index.clear();
        id.clear();
        type.clear();
        name.clear();
        arguments.clear();
        functionMember = -1;
        functionPresent = false;
        indexValue = -1;
        signedIndex = NO_INDEX;
    }

    boolean hasIndex() {
        return signedIndex != NO_INDEX;
    }
}
