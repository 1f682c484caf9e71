package dev.streamguard.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.buffer.ByteBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link SseEventWriter}: an event rewritten with new data keeps its other lines, each on a line of its own. */
class SseEventWriterTest {

    /** The unfinished last event of a body: {@code finish} hands it over without its last line's terminator. */
    private static SseEvent tail(String raw) throws Exception {
        SseFramer framer = new SseFramer(new SseFramerTest.Recording(), Long.MAX_VALUE);
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        framer.feed(bytes, 0, bytes.length);
        return framer.finish();
    }

    private static String write(SseEvent event, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteBuilder out = new ByteBuilder(64);
        SseEventWriter.write(event, bytes, 0, bytes.length, null, out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void aLineAfterTheDataLinesStaysOnItsOwnWhenTheLastDataLineHasNoTerminator() throws Exception {
        // Two events merged by a proxy and cut after an empty data line: the data lines are written where the
        // first one was, and the event line between them must not run on from the last one written.
        SseEvent event = tail("event: a\ndata: x\nevent: b\ndata:");
        assertEquals("event: a\ndata: y\ndata: \nevent: b\n", write(event, "y\n"));
    }

    @Test
    void anUnterminatedLastDataLineStaysUnterminatedWhenNothingFollowsIt() throws Exception {
        assertEquals("event: a\ndata: y\ndata: z", write(tail("event: a\ndata: x\ndata: w"), "y\nz"));
    }
}
