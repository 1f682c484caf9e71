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
        return write(event, data, null);
    }

    private static String write(SseEvent event, String data, String eventName) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteBuilder out = new ByteBuilder(64);
        SseEventWriter.write(event, bytes, 0, bytes.length, eventName == null ? null : eventName.getBytes(StandardCharsets.UTF_8), out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The first whole event of {@code raw}, written again with {@code data} and {@code eventName} while it is framed. */
    private static String rewriteFramed(String raw, String data, String eventName) throws Exception {
        String[] written = new String[1];
        SseFramer framer = new SseFramer(new SseListener() {
            @Override
            public void onEvent(SseEvent e) {
                if (written[0] == null) {
                    written[0] = write(e, data, eventName);
                }
            }

            @Override
            public void afterFinalCarriageReturn(boolean lineFeed) {
            }

            @Override
            public void onPassedBytes(byte[] b, int off, int len) {
            }

            @Override
            public Oversized onOversizedEvent(SseEvent partial, long limit) {
                return Oversized.STOP;
            }
        }, Long.MAX_VALUE);
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        framer.feed(bytes, 0, bytes.length);
        return written[0];
    }

    @Test
    void aReplacedEventLineBetweenABareCrAndAnLfBlankLineLeavesTheEventEnded() throws Exception {
        // Written as they came, the data line's CR and the blank line's LF would be one CRLF: no blank line.
        assertEquals("event: b\rdata: y\r\r\n", rewriteFramed("data: x\revent:\n\n", "y", "b"));
    }

    @Test
    void aLaterDataLineBetweenABareCrAndAnLfBlankLineLeavesTheEventEnded() throws Exception {
        // The data lines are written where the first one was, so the id line's CR now comes just before the blank line.
        assertEquals("data: y\nid: 3\r\r\n", rewriteFramed("data: x\nid: 3\rdata: w\n\n", "y", null));
    }

    @Test
    void anLfBlankLineAfterAnLfLineStaysAsItCame() throws Exception {
        assertEquals("event: b\ndata: y\n\n", rewriteFramed("data: x\nevent:\n\n", "y", "b"));
        assertEquals("event: b\r\ndata: y\r\n\n", rewriteFramed("data: x\r\nevent:\r\n\n", "y", "b"));
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
