package dev.streamguard.anthropic;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;

/**
 * D39: Ollama, bifrost and LiteLLM start a thinking block without {@code signature}, or send the signature
 * inside a {@code thinking_delta}. anthropic-java's {@code ThinkingBlock.signature()} then throws
 * {@code `signature` is not set} and its {@code MessageAccumulator} takes a signature only from a
 * {@code signature_delta}, as Spring AI does (which drops a thinking block left without one): the signature
 * is lost and replaying the turn fails. The start gets {@code "signature":""}, as the reference stream has;
 * a signature in a thinking_delta moves into a {@code signature_delta} for the same block, right after it
 * (before the block's stop, where every client has taken it).
 */
final class ThinkingSignatureRule {
    private static final byte[] THINKING = ascii("thinking");
    private static final byte[] THINKING_DELTA = ascii("thinking_delta");
    private static final byte[] EMPTY = ascii("\"\"");
    private static final byte[] EMPTY_MEMBER = ascii("\"signature\":\"\"");

    private ThinkingSignatureRule() {
    }

    /** A thinking block's start without a signature (or a null one). */
    static boolean startLacksSignature(byte[] buf, AnthropicEvent e) {
        return e.blockType.textIs(buf, THINKING) && !e.blockSignature.isNonNull();
    }

    static void addEmptySignature(AnthropicEvent e, JsonEdits edits) {
        if (e.blockSignature.present()) {
            edits.replace(e.blockSignature.valueStart(), e.blockSignature.valueEnd(), EMPTY);
        } else {
            edits.insertLast(e.contentBlock, EMPTY_MEMBER);
        }
    }

    /** A thinking_delta that carries a signature. */
    static boolean signatureInThinkingDelta(byte[] buf, AnthropicEvent e) {
        return e.deltaType.textIs(buf, THINKING_DELTA) && e.deltaSignature.hasText();
    }

    /** Removes the signature from the delta and writes the signature_delta of block {@code index} that carries it. */
    static void move(int index, byte[] buf, AnthropicEvent e, JsonEdits edits, ByteBuilder signatureDelta) {
        edits.remove(e.delta, e.deltaSignature.member());
        signatureDelta.clear();
        signatureDelta.appendAscii("{\"type\":\"content_block_delta\",\"index\":").appendDecimal(index)
                .appendAscii(",\"delta\":{\"type\":\"signature_delta\",\"signature\":")
                .append(buf, e.deltaSignature.valueStart(), e.deltaSignature.valueEnd() - e.deltaSignature.valueStart())
                .appendAscii("}}");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
