package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.json.JsonTextValidator;
import dev.streamguard.json.JsonTextValidator.Verdict;

/**
 * D21: arguments that are not one JSON value when the call ends (vLLM dropping the final brace, a cut)
 * make clients fail far from the cause. The check runs on every fragment, without a copy of the
 * arguments, and fails the stream (or only reports, per {@code tool-args.invalid-json}) as soon as the
 * text can no longer become valid, or when the call ends unfinished. Empty arguments count as none.
 */
public final class ToolArgumentJsonCheck {
    private final boolean fail;
    private final StreamStats stats;

    public ToolArgumentJsonCheck(GuardConfig config, StreamStats stats) {
        this.fail = config.failOnInvalidArguments();
        this.stats = stats;
    }

    /** After a fragment was added: invalid JSON cannot become valid again. */
    public void afterFragment(ToolCall call) throws StreamGuardException {
        ToolArguments args = call.arguments();
        if (args.isInvalid() && args.markProblemReported()) {
            problem(call, "are not valid JSON: " + args.problem());
        }
    }

    /** The call is over (its choice finished, its block stopped, or the stream ended). */
    public void atEnd(ToolCall call) throws StreamGuardException {
        ToolArguments args = call.arguments();
        Verdict v = args.verdict();
        if ((v == Verdict.INVALID || v == Verdict.INCOMPLETE) && args.markProblemReported()) {
            problem(call, (v == Verdict.INVALID ? "are not valid JSON: " : "are unfinished JSON: ") + args.problem());
        }
    }

    /** The call's arguments restated whole, {@code text[0, length)}, differ from its fragments: they must be JSON too. */
    public void restated(ToolCall call, byte[] text, int length) throws StreamGuardException {
        if (length == 0) {
            return;
        }
        JsonTextValidator restatement = new JsonTextValidator();
        restatement.feed(text, 0, length);
        Verdict v = restatement.verdict();
        if ((v == Verdict.INVALID || v == Verdict.INCOMPLETE) && call.arguments().markProblemReported()) {
            problem(call, "as restated at the call's end " + (v == Verdict.INVALID ? "are not valid JSON: " : "are unfinished JSON: ")
                    + restatement.problem());
        }
    }

    private void problem(ToolCall call, String what) throws StreamGuardException {
        stats.count(Deviation.D21);
        if (call.argumentProblemsAlsoCountedAs() != null) {
            stats.count(call.argumentProblemsAlsoCountedAs());
        }
        if (fail) {
            throw new StreamGuardException(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, call.describe() + " arguments " + what);
        }
    }
}
