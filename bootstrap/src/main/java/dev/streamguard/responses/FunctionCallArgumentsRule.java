package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.json.MemberValue;

/**
 * R6: function-call arguments in a Responses stream go through the same caps (D20) and JSON check (D21) as
 * the other protocols' tool arguments: the fragments of {@code function_call_arguments.delta} as they arrive, and
 * the whole arguments that {@code function_call_arguments.done} and {@code output_item.done} restate, for what
 * they add. Each cap hit or invalid JSON is counted as R6 too (by the call, {@link OutputItem}, so that fragments
 * of a learned shape, which skip this class, are counted alike).
 */
final class FunctionCallArgumentsRule {
    private final ToolArgumentFlow arguments;

    FunctionCallArgumentsRule(ToolArgumentFlow arguments) {
        this.arguments = arguments;
    }

    /** A new call (counted against the calls cap). */
    void start(OutputItem call) throws StreamGuardException {
        arguments.startCall(call);
    }

    /** A fragment (raw string content); false when it resent the whole arguments (D10) and must be emptied. */
    boolean fragment(OutputItem call, byte[] buf, MemberValue fragment) throws StreamGuardException {
        return arguments.addEscaped(call, buf, fragment.textStart(), fragment.textEnd());
    }

    /** The whole arguments restated at the call's end. */
    void restated(OutputItem call, byte[] buf, MemberValue whole) throws StreamGuardException {
        call.restated = Math.max(call.restated, arguments.restated(call, call.restated, buf, whole.textStart(), whole.textEnd()));
    }

    /** The call's arguments are over: once, whole JSON or D21. */
    void end(OutputItem call) throws StreamGuardException {
        if (call.argumentsEnded) {
            return;
        }
        call.argumentsEnded = true;
        arguments.end(call);
    }
}
