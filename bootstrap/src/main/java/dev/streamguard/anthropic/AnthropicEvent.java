package dev.streamguard.anthropic;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;

/** What the rules need of one Anthropic Messages event, as positions in its data. */
final class AnthropicEvent {
    final ObjectMembers root = new ObjectMembers();
    final ObjectMembers contentBlock = new ObjectMembers();
    final MemberValue type = new MemberValue();
    final MemberValue deltaType = new MemberValue();
    final MemberValue partialJson = new MemberValue();
    /** The text of a text, thinking, signature or citations delta. */
    final MemberValue deltaPayload = new MemberValue();
    final MemberValue stopReason = new MemberValue();
    final MemberValue blockType = new MemberValue();
    final MemberValue blockName = new MemberValue();
    final MemberValue blockInput = new MemberValue();
    final MemberValue errorType = new MemberValue();
    final MemberValue errorMessage = new MemberValue();
    int index;

    void clear() {
        type.clear();
        deltaType.clear();
        partialJson.clear();
        deltaPayload.clear();
        stopReason.clear();
        blockType.clear();
        blockName.clear();
        blockInput.clear();
        errorType.clear();
        errorMessage.clear();
        index = -1;
    }
}
