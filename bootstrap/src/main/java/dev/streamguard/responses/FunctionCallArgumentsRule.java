package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.json.MemberValue;

/**
 * R6: function-call arguments in a Responses stream go through the same caps (D20) and JSON check (D21) as
 * the other protocols' tool arguments: the fragments of {@code function_call_arguments.delta} as they arrive, and
 * the whole arguments that {@code function_call_arguments.done} and {@code output_item.done} restate, for what
 * they add. Each cap hit or invalid JSON is reported as R6 too.
 */
final class FunctionCallArgumentsRule {
    private final ToolArgumentFlow arguments;
    private final StreamStats stats;

    FunctionCallArgumentsRule(ToolArgumentFlow arguments, StreamStats stats) {
        this.arguments = arguments;
        this.stats = stats;
    }

    /** A new call (counted against the calls cap). */
    void start(OutputItem call) throws StreamGuardException {
        int before = problems();
        try {
            arguments.startCall(call);
        } finally {
            reportedAsR6(before);
        }
    }

    /** A fragment (raw string content); false when it resent the whole arguments (D10) and must be emptied. */
    boolean fragment(OutputItem call, byte[] buf, MemberValue fragment) throws StreamGuardException {
        int before = problems();
        try {
            return arguments.addEscaped(call, buf, fragment.textStart(), fragment.textEnd());
        } finally {
            reportedAsR6(before);
        }
    }

    /** The whole arguments restated at the call's end. */
    void restated(OutputItem call, byte[] buf, MemberValue whole) throws StreamGuardException {
        int before = problems();
        try {
            call.restated = Math.max(call.restated, arguments.restated(call, call.restated, buf, whole.textStart(), whole.textEnd()));
        } finally {
            reportedAsR6(before);
        }
    }

    /** The call's arguments are over: once, whole JSON or D21. */
    void end(OutputItem call) throws StreamGuardException {
        if (call.argumentsEnded) {
            return;
        }
        call.argumentsEnded = true;
        int before = problems();
        try {
            arguments.end(call);
        } finally {
            reportedAsR6(before);
        }
    }

    private int problems() {
        return stats.counted(Deviation.D20) + stats.counted(Deviation.D21);
    }

    /** What the shared caps and check found since {@code before} (D20, D21) is R6 in this protocol. */
    private void reportedAsR6(int before) {
        if (problems() > before) {
            stats.count(Deviation.R6);
        }
    }
}
