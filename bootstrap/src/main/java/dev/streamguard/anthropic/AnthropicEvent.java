package dev.streamguard.anthropic;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;

/** What the rules need of one Anthropic Messages event, as positions in its data. */
final class AnthropicEvent {
    final ObjectMembers root = new ObjectMembers();
    final ObjectMembers contentBlock = new ObjectMembers();
    final ObjectMembers delta = new ObjectMembers();
    final ObjectMembers message = new ObjectMembers();
    final MemberValue type = new MemberValue();
    /** The root's {@code index}, whose number is {@link #index}. */
    final MemberValue indexValue = new MemberValue();
    final MemberValue deltaType = new MemberValue();
    final MemberValue partialJson = new MemberValue();
    /** The text of a text, thinking, signature or citations delta. */
    final MemberValue deltaPayload = new MemberValue();
    final MemberValue deltaSignature = new MemberValue();
    final MemberValue stopReason = new MemberValue();
    final MemberValue blockType = new MemberValue();
    final MemberValue blockName = new MemberValue();
    final MemberValue blockInput = new MemberValue();
    final MemberValue blockSignature = new MemberValue();
    /** The {@code message} object of a message_start, with its {@code id} and {@code usage}. */
    final MemberValue messageObject = new MemberValue();
    final MemberValue messageId = new MemberValue();
    final MemberValue messageUsage = new MemberValue();
    /** The root's {@code usage} (a message_delta's). */
    final MemberValue usage = new MemberValue();
    /** The root's {@code error} object. */
    final MemberValue error = new MemberValue();
    final MemberValue errorType = new MemberValue();
    final MemberValue errorMessage = new MemberValue();
    /** A flat error's {@code code} and {@code message}, members of the root itself. */
    final MemberValue flatCode = new MemberValue();
    final MemberValue flatMessage = new MemberValue();
    int index;

    void clear() {
        type.clear();
        indexValue.clear();
        deltaType.clear();
        partialJson.clear();
        deltaPayload.clear();
        deltaSignature.clear();
        stopReason.clear();
        blockType.clear();
        blockName.clear();
        blockInput.clear();
        blockSignature.clear();
        messageObject.clear();
        messageId.clear();
        messageUsage.clear();
        usage.clear();
        error.clear();
        errorType.clear();
        errorMessage.clear();
        flatCode.clear();
        flatMessage.clear();
        index = -1;
    }
}
