package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.JsonStrings;
import java.nio.charset.StandardCharsets;

/**
 * G4: Gemini ends a candidate with {@code SAFETY}, {@code RECITATION}, {@code MALFORMED_FUNCTION_CALL} and a dozen
 * other reasons, or blocks the prompt ({@code promptFeedback.blockReason}), and the clients hand the application
 * an empty answer with no reason. Every finish other than {@code STOP} and {@code MAX_TOKENS} is reported; where
 * setting {@code gemini.finish-reason=fail} says so, the stream fails, naming the reason and Gemini's message.
 */
final class FinishReasonRule {
    private static final byte[] STOP = "STOP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAX_TOKENS = "MAX_TOKENS".getBytes(StandardCharsets.US_ASCII);

    private final boolean fail;
    private final StreamStats stats;

    FinishReasonRule(boolean fail, StreamStats stats) {
        this.fail = fail;
        this.stats = stats;
    }

    /** A candidate's finish, {@code buf[start, end)} the reason's string content, with its message where it has one. */
    void finished(int candidate, byte[] buf, int start, int end, int messageStart, int messageEnd) throws StreamGuardException {
        if (JsonStrings.rawEquals(buf, start, end, STOP) || JsonStrings.rawEquals(buf, start, end, MAX_TOKENS)) {
            return;
        }
        stats.count(Deviation.G4);
        if (fail) {
            throw new StreamGuardException(StreamGuardException.Cause.UPSTREAM_ERROR, "candidate " + candidate + " finished with "
                    + UpstreamErrorRule.message(buf, start, end) + (messageStart < 0 ? "" : ": " + UpstreamErrorRule.message(buf, messageStart, messageEnd))
                    + " (gemini.finish-reason=fail)");
        }
    }

    /** The prompt was blocked, {@code buf[start, end)} the block reason's string content. */
    void blocked(byte[] buf, int start, int end) throws StreamGuardException {
        stats.count(Deviation.G4);
        if (fail) {
            throw new StreamGuardException(StreamGuardException.Cause.UPSTREAM_ERROR, "the prompt was blocked: "
                    + UpstreamErrorRule.message(buf, start, end) + " (gemini.finish-reason=fail)");
        }
    }
}
