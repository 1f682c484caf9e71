package dev.streamguard.anthropic;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonStrings;

/** Writes the data of a {@code content_block_delta} event carrying an {@code input_json_delta}. */
final class InputJsonDelta {
    static final byte[] EVENT_NAME = "content_block_delta".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private InputJsonDelta() {
    }

    /** The delta for block {@code index} whose {@code partial_json} is the text {@code json[start, end)}. */
    static void write(int index, byte[] json, int start, int end, ByteBuilder out) {
        out.clear();
        out.appendAscii("{\"type\":\"content_block_delta\",\"index\":").appendDecimal(index)
                .appendAscii(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
        JsonStrings.encode(json, start, end, out);
        out.appendAscii("}}");
    }
}
