package dev.streamguard.anthropic;

import dev.streamguard.buffer.ByteBuilder;

/** Writes the data of a {@code content_block_stop} event. */
final class ContentBlockStop {
    private ContentBlockStop() {
    }

    static void write(int index, ByteBuilder out) {
        out.clear();
        out.appendAscii("{\"type\":\"content_block_stop\",\"index\":").appendDecimal(index).appendAscii("}");
    }
}
