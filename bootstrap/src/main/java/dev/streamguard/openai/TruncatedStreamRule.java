package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.TruncationMessage;
import dev.streamguard.json.JsonTextValidator;
import java.util.List;

/**
 * D15: a proxy cuts the connection or times out and the body simply ends; openai-java and LangChain4j
 * then complete silently with partial arguments. The stream fails with {@code streamguard: stream
 * truncated: ...}, saying how much arrived and what was missing.
 */
final class TruncatedStreamRule {
    private TruncatedStreamRule() {
    }

    static StreamGuardException failure(StreamStats stats, List<ChoiceState> choices, int cutTailBytes) {
        TruncationMessage message = new TruncationMessage(stats,
                choices.isEmpty() ? "without [DONE] and before any choice" : "without [DONE]");
        for (ChoiceState c : choices) {
            if (!c.hasFinish()) {
                message.and("choice " + c.index + " had no finish_reason");
            }
            for (ToolCallState call : c.calls) {
                if (call.arguments().verdict() == JsonTextValidator.Verdict.INCOMPLETE) {
                    message.and(call.describe() + " has " + call.arguments().length() + " bytes of unfinished arguments");
                }
            }
        }
        return message.cutEvent(cutTailBytes).toException(stats);
    }
}
