package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.TruncationMessage;
import java.util.List;

/**
 * G1: the body of a Gemini stream ends before every candidate has its {@code finishReason} (a cut connection, a
 * proxy's timeout). google-genai and LangChain4j then complete as if the partial answer were whole. The stream
 * fails, naming the candidates left unfinished and the streamed calls left open.
 */
final class MissingFinishReasonRule {
    /** How many open calls the message names; the rest are counted. */
    private static final int NAMED = 8;

    private MissingFinishReasonRule() {
    }

    static StreamGuardException failure(StreamStats stats, CandidateFinishes finishes, List<FunctionCall> open, int cutTail) {
        TruncationMessage message = new TruncationMessage(stats, finishes.seen() == 0 ? "before any candidate"
                : "before every candidate had a finishReason (" + finishes.unfinished() + " of " + finishes.seen() + " unfinished)");
        for (int i = 0; i < Math.min(NAMED, open.size()); i++) {
            FunctionCall call = open.get(i);
            message.and(call.describe() + " was streaming, with " + call.partialBytes + " bytes of partialArgs");
        }
        if (open.size() > NAMED) {
            message.and((open.size() - NAMED) + " more function calls were streaming");
        }
        return message.cutEvent(cutTail).toException(stats, Deviation.G1);
    }
}
