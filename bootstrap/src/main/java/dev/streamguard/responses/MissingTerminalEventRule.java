package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.TruncationMessage;
import dev.streamguard.json.JsonTextValidator;
import java.util.List;

/**
 * R2: the body of a Responses stream ends before a terminal event (a cut connection, a proxy's timeout).
 * LangChain4j then waits forever and openai-java says {@code Completed response is not yet received}. The stream
 * fails, naming the calls left open and how much of their arguments arrived.
 */
final class MissingTerminalEventRule {
    /** How many open items the message names; the rest are counted. */
    private static final int NAMED = 8;

    private MissingTerminalEventRule() {
    }

    static StreamGuardException failure(StreamStats stats, List<OutputItem> items, int cutTail) {
        TruncationMessage message = new TruncationMessage(stats,
                "before a terminal event (response.completed, response.incomplete or response.failed)");
        int named = 0;
        int more = 0;
        for (OutputItem item : items) {
            String open = null;
            if (item.isFunctionCall() && !item.argumentsEnded) {
                boolean unfinished = item.arguments().verdict() == JsonTextValidator.Verdict.INCOMPLETE;
                open = item.describe() + " was open with " + item.arguments().length() + " bytes of "
                        + (unfinished ? "unfinished " : "") + "arguments";
            } else if (!item.done) {
                open = item.describe() + " was still open";
            }
            if (open != null && named++ < NAMED) {
                message.and(open);
            } else if (open != null) {
                more++;
            }
        }
        if (more > 0) {
            message.and(more + " more output items were open");
        }
        return message.cutEvent(cutTail).toException(stats, Deviation.R2);
    }
}
