package dev.streamguard.core;

/**
 * A call's whole arguments as last restated and checked. A Responses call's arguments come whole three times
 * at its end (its {@code .done} event, its item's {@code output_item.done}, the completed response), each time the
 * same escaped text; a restatement known by the length and fingerprint of its escaped text is not decoded, counted
 * and checked again, since the fragments it was compared with have not changed and the verdict on it cannot
 * differ.
 */
final class Restatement {
    private final int escapedLength;
    private final long escapedFingerprint;
    /** The decoded length, what the restatement counted for. */
    final long length;
    private final long fragmentsLength;
    private final long fragmentsFingerprint;

    Restatement(int escapedLength, long escapedFingerprint, long length, ToolArguments fragments) {
        this.escapedLength = escapedLength;
        this.escapedFingerprint = escapedFingerprint;
        this.length = length;
        this.fragmentsLength = fragments.length();
        this.fragmentsFingerprint = fragments.fingerprint();
    }

    /** Whether an escaped text of this length and fingerprint restates this again, with no fragment since. */
    boolean repeatedBy(int escapedLength, long escapedFingerprint, ToolArguments fragments) {
        return escapedLength == this.escapedLength && escapedFingerprint == this.escapedFingerprint && fragments.length() == fragmentsLength
                && fragments.fingerprint() == fragmentsFingerprint;
    }
}
