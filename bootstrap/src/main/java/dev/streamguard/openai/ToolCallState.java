package dev.streamguard.openai;

import dev.streamguard.core.Fingerprint;
import dev.streamguard.core.ToolArguments;
import dev.streamguard.core.ToolCall;

/** One tool call of a choice as the guard follows it: its index, identity, name so far and arguments. */
final class ToolCallState implements ToolCall {
    private static final int NAME_SHOWN = 64;

    final int index;
    /** The index the provider gave the call ({@link ToolCallDelta#NO_INDEX} when it gave none). */
    final int providerIndex;
    /** Its index was taken by an earlier call (D7), rather than not dense (D34). */
    boolean movedByCollision;
    long idFingerprint;
    int idLength;
    boolean typeSeen;
    long nameFingerprint;
    int nameLength;
    /** The call's first delta lacked its id or name: its deltas are held until they are known (D27). */
    LateToolCallHeaderRule.Header heldHeader;
    private final StringBuilder shownName = new StringBuilder();
    private final ToolArguments arguments = new ToolArguments();

    ToolCallState(int index, int providerIndex, long idFingerprint, int idLength) {
        this.index = index;
        this.providerIndex = providerIndex;
        this.idFingerprint = idFingerprint;
        this.idLength = idLength;
        this.nameFingerprint = Fingerprint.EMPTY;
    }

    /** The call's first id, arrived after its first delta (D27): the id it is known by from now on. */
    void adoptId(long fingerprint, int length) {
        idFingerprint = fingerprint;
        idLength = length;
    }

    boolean hasId() {
        return idLength > 0;
    }

    /** Adds a name fragment (ASCII-safe part kept for messages; identity kept as a fingerprint). */
    void appendName(byte[] buf, int start, int end) {
        nameFingerprint = Fingerprint.extend(nameFingerprint, buf, start, end - start);
        nameLength += end - start;
        for (int i = start; i < end && shownName.length() < NAME_SHOWN; i++) {
            byte b = buf[i];
            shownName.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
    }

    @Override
    public ToolArguments arguments() {
        return arguments;
    }

    @Override
    public String describe() {
        return "tool call " + index + (shownName.length() > 0 ? " (" + shownName + ")" : "");
    }
}
