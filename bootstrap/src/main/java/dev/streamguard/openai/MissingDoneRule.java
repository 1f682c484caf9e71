package dev.streamguard.openai;

import dev.streamguard.core.EventOutput;
import java.util.List;

/**
 * D14: ik_llama.cpp, OCI and some relays end the body without {@code [DONE]} although every choice
 * finished, and clients wait for the terminator. The guard adds {@code data: [DONE]} at the end.
 */
final class MissingDoneRule {
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private MissingDoneRule() {
    }

    static boolean applies(List<ChoiceState> choices) {
        if (choices.isEmpty()) {
            return false;
        }
        for (ChoiceState c : choices) {
            if (!c.hasFinish()) {
                return false;
            }
        }
        return true;
    }

    static void apply(EventOutput out) {
        out.add(null, DONE, 0, DONE.length);
    }
}
