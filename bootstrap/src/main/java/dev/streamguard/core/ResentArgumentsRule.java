package dev.streamguard.core;

import dev.streamguard.buffer.ByteBuilder;

/**
 * D10: relays that resend the whole arguments at the end (a cumulative or duplicated summary chunk) make
 * clients concatenate two JSON objects. A fragment that equals everything already received, once that
 * already is a complete JSON value, is dropped.
 */
public final class ResentArgumentsRule {
    private ResentArgumentsRule() {
    }

    public static boolean isResent(ToolCall call, ByteBuilder fragment) {
        return call.arguments().isRepeatOfWhole(fragment.array(), 0, fragment.length());
    }
}
