package dev.streamguard.anthropic;

import dev.streamguard.StreamGuardException;
import dev.streamguard.json.ShortText;

/**
 * D37: LiteLLM (before its fix), bifrost and Vertex splices send {@code message_start} twice. anthropic-java
 * throws {@code 'message_start' event already received}; LangChain4j and Spring AI silently merge a second
 * message into the first. The same message announced again is dropped; another message (a new id) inside the
 * open one cannot be told apart from the first: the stream fails.
 */
final class RepeatedMessageStartRule {
    private String id;

    /** Whether the stream's message has started: a message_start now is a repeat. */
    boolean started() {
        return id != null;
    }

    /** The stream's message_start. */
    void start(byte[] buf, AnthropicEvent e) {
        id = ShortText.of(buf, e.messageId);
    }

    /** The failure when a repeated message_start starts another message (another id); null when it repeats the first. */
    StreamGuardException anotherMessage(byte[] buf, AnthropicEvent e) {
        String repeated = ShortText.of(buf, e.messageId);
        if (id.equals(repeated)) {
            return null;
        }
        return new StreamGuardException(StreamGuardException.Cause.INCOHERENT_STREAM, "a second message_start ("
                + describe(repeated) + ") arrived inside message " + describe(id) + "; the upstream joined two answers "
                + "into one stream");
    }

    private static String describe(String id) {
        return id.isEmpty() ? "without an id" : "id " + id;
    }
}
