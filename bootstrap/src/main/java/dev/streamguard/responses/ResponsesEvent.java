package dev.streamguard.responses;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;

/** What the rules need of one Responses event, as positions in its data. */
final class ResponsesEvent {
    final ObjectMembers root = new ObjectMembers();
    final ObjectMembers item = new ObjectMembers();
    final ObjectMembers response = new ObjectMembers();
    final MemberValue type = new MemberValue();
    final MemberValue sequenceNumber = new MemberValue();
    /** The root's {@code output_index}, whose number is {@link #outputIndex}. */
    final MemberValue outputIndexValue = new MemberValue();
    final MemberValue itemId = new MemberValue();
    /** A delta's text or argument fragment. */
    final MemberValue delta = new MemberValue();
    /** A delta's {@code obfuscation} noise, which varies from event to event. */
    final MemberValue obfuscation = new MemberValue();
    /** {@code function_call_arguments.done}'s whole arguments. */
    final MemberValue arguments = new MemberValue();
    /** {@code function_call_arguments.done}'s function name, where the upstream sends it. */
    final MemberValue name = new MemberValue();
    /** The root's {@code item} object. */
    final MemberValue itemValue = new MemberValue();
    final MemberValue itemIdValue = new MemberValue();
    final MemberValue itemType = new MemberValue();
    final MemberValue itemCallId = new MemberValue();
    final MemberValue itemName = new MemberValue();
    final MemberValue itemArguments = new MemberValue();
    /** The root's {@code response} object. */
    final MemberValue responseValue = new MemberValue();
    final MemberValue responseOutput = new MemberValue();
    final MemberValue responseErrorCode = new MemberValue();
    final MemberValue responseErrorMessage = new MemberValue();
    /** The root's {@code error}: an object, or anything else (a null one is no error). */
    final MemberValue error = new MemberValue();
    final MemberValue errorCode = new MemberValue();
    final MemberValue errorMessage = new MemberValue();
    /** A flat error's {@code code} and {@code message}, members of the root itself. */
    final MemberValue flatCode = new MemberValue();
    final MemberValue flatMessage = new MemberValue();
    /** The sequence number when it is a non-negative integer that fits an int; -1 otherwise. */
    int sequence;
    /** The output index when it is a non-negative integer that fits an int; -1 otherwise. */
    int outputIndex;

    void clear() {
        type.clear();
        sequenceNumber.clear();
        outputIndexValue.clear();
        itemId.clear();
        delta.clear();
        obfuscation.clear();
        arguments.clear();
        name.clear();
        itemValue.clear();
        itemIdValue.clear();
        itemType.clear();
        itemCallId.clear();
        itemName.clear();
        itemArguments.clear();
        responseValue.clear();
        responseOutput.clear();
        responseErrorCode.clear();
        responseErrorMessage.clear();
        error.clear();
        errorCode.clear();
        errorMessage.clear();
        flatCode.clear();
        flatMessage.clear();
        sequence = -1;
        outputIndex = -1;
    }
}
