package dev.streamguard.core;

import dev.streamguard.json.JsonTextValidator;
import java.util.zip.CRC32C;

/**
 * The arguments of one tool call as their fragments arrive: how many bytes, a fingerprint and whether they
 * are JSON so far. Never the text itself, whatever its size.
 *
 * <p>The fingerprint is the JDK's CRC-32C of the text, which the JIT compiles to the processor's own CRC
 * instruction: it is taken of every fragment, where it costs less than half of the 64-bit polynomial of
 * {@link Fingerprint}, which takes a multiplication per byte (docs/PERFORMANCE.md has the figures). 32 bits
 * are enough where it serves: it is only compared together with the length, to recognise the whole arguments
 * resent (D10) or restated; like any checksum it is no defence against texts made to collide, which only the
 * upstream could send, and the upstream controls the stream anyway.
 */
public final class ToolArguments {
    private final JsonTextValidator validator = new JsonTextValidator();
    private long length;
    private final CRC32C fingerprint = new CRC32C();
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
        return fingerprint.getValue();
    }

    /** The fingerprint {@code bytes} would have as a call's whole arguments. */
    static long fingerprintOf(byte[] bytes, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, off, len);
        return crc.getValue();
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
        fingerprint.update(fragment, off, len);
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
