package dev.streamguard.core;

/**
 * D10: relays that resend the whole arguments at the end (a cumulative or duplicated summary chunk) make
 * clients concatenate two JSON objects. A fragment equal to everything already received, once that is a
 * complete JSON object or array, is a resend, not a continuation, and is dropped (a bare number like
 * {@code 1} then {@code 1} is a continuation: {@code 11}). Compared by length and fingerprint: the
 * arguments themselves are never kept.
 */
final class ResentArgumentsRule {
    private ResentArgumentsRule() {
    }

    static boolean isResend(ToolArguments received, byte[] fragment, int off, int len) {
        return len > 0 && len == received.length() && received.isContainer()
                && received.isComplete() && ToolArguments.fingerprintOf(fragment, off, len) == received.fingerprint();
    }
}
