package dev.streamguard.anthropic;

import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;
import java.nio.charset.StandardCharsets;

/**
 * D38: bifrost and MiniMax send {@code message_start} without {@code message.usage}, or {@code message_delta}
 * without {@code usage}. anthropic-java and Spring AI throw {@code `usage` is not set}. The guard writes zero
 * usage in the reference place: {@code {"input_tokens":0,"output_tokens":0}} in the message, and
 * {@code {"output_tokens":0}} in the delta (LangChain4j counts a missing usage as zero too).
 */
final class MissingUsageRule {
    private static final byte[] START_USAGE = ascii("{\"input_tokens\":0,\"output_tokens\":0}");
    private static final byte[] DELTA_USAGE = ascii("{\"output_tokens\":0}");
    private static final byte[] START_MEMBER = ascii("\"usage\":{\"input_tokens\":0,\"output_tokens\":0}");
    private static final byte[] DELTA_MEMBER = ascii("\"usage\":{\"output_tokens\":0}");

    private MissingUsageRule() {
    }

    /** A message_start whose message has no usage (or a null one). */
    static boolean startLacksUsage(AnthropicEvent e) {
        return e.messageObject.present() && !e.messageUsage.isNonNull();
    }

    /** A message_delta without usage (or a null one). */
    static boolean deltaLacksUsage(AnthropicEvent e) {
        return !e.usage.isNonNull();
    }

    static void addToStart(AnthropicEvent e, JsonEdits edits) {
        add(e.message, e.messageUsage, START_MEMBER, START_USAGE, edits);
    }

    static void addToDelta(AnthropicEvent e, JsonEdits edits) {
        add(e.root, e.usage, DELTA_MEMBER, DELTA_USAGE, edits);
    }

    private static void add(ObjectMembers object, MemberValue usage, byte[] member, byte[] value, JsonEdits edits) {
        if (usage.present()) {
            edits.replace(usage.valueStart(), usage.valueEnd(), value);
        } else {
            edits.insertLast(object, member);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
