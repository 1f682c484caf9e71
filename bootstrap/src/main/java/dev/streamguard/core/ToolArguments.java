package dev.streamguard.core;

import dev.streamguard.json.JsonTextValidator;

/**
 * The arguments of one tool call as their fragments arrive: how many bytes, a fingerprint and whether they
 * are JSON so far. Never the text itself, whatever its size.
 */
public final class ToolArguments {
    private final JsonTextValidator validator = new JsonTextValidator();
    private long length;
    private long fingerprint = Fingerprint.EMPTY;
    private boolean problemReported;
    private Restatement lastRestatement;

    public long length() {
        return length;
    }

    /** Whether the arguments are an object or an array, the only values a whole resend (D10) can be. */
    boolean isContainer() {
        return validator.isContainer();
    }

    /** Whether the arguments are whole JSON as they stand ({@link JsonTextValidator#isComplete()}). */
    public boolean isComplete() {
        return validator.isComplete();
    }

    boolean isInvalid() {
        return validator.isInvalid();
    }

    public JsonTextValidator.Verdict verdict() {
        return validator.verdict();
    }

    public String problem() {
        return validator.problem();
    }

    /** The fingerprint of everything received so far. */
    long fingerprint() {
        return fingerprint;
    }

    /** The whole arguments as last restated and checked, or null. */
    Restatement lastRestatement() {
        return lastRestatement;
    }

    void restatedAs(Restatement restatement) {
        lastRestatement = restatement;
    }

    public void append(byte[] fragment, int off, int len) {
        validator.feed(fragment, off, len);
        length += len;
        fingerprint = Fingerprint.extend(fingerprint, fragment, off, len);
    }

    /** True only the first time: D21 is reported once per call, when it is first found invalid or unfinished. */
    public boolean markProblemReported() {
        if (problemReported) {
            return false;
        }
        problemReported = true;
        return true;
    }
}
