package dev.streamguard.agent.okhttp.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

/** OkHttp's glue reading Okio's segments in place, on the Okio the agent is compiled against. */
class SegmentUpstreamTest {
    private static final int SEGMENT = 8192;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void theSegmentsAreLentInPlaceOneAtATimeAndSkippedOnceConsumed() throws IOException {
        Buffer original = new Buffer().write(bytes(SEGMENT)).write(bytes(300));
        BufferedSource source = Okio.buffer((okio.Source) original);
        SegmentUpstream upstream = new SegmentUpstream(source);
        Buffer fed = new Buffer();

        int n;
        while ((n = upstream.fill()) > 0) {
            fed.write(upstream.array(), upstream.offset(), n);
            assertTrue(n <= SEGMENT, "one segment at a time: " + n);
            upstream.consumed(n);
        }

        assertEquals(-1, n);
        byte[] expected = new Buffer().write(bytes(SEGMENT)).write(bytes(300)).readByteArray();
        assertArrayEquals(expected, fed.readByteArray());
    }

    @Test
    void aPartlyConsumedSegmentIsLentAgainFromWhereItWasLeft() throws IOException {
        SegmentUpstream upstream = new SegmentUpstream(new Buffer().writeUtf8("data: x\n\n"));

        assertEquals(9, upstream.fill());
        upstream.consumed(6);

        assertEquals(3, upstream.fill());
        assertEquals("x\n\n", new String(upstream.array(), upstream.offset(), 3, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyClosedByAnotherThreadFailsTheNextFillAsAnIOExceptionAndAConsumeAfterItIsQuiet() throws IOException {
        BufferedSource source = Okio.buffer((okio.Source) new Buffer().writeUtf8("data: x\n\n"));
        SegmentUpstream upstream = new SegmentUpstream(source);
        int n = upstream.fill();

        source.close();

        upstream.consumed(n);
        IOException e = assertThrows(IOException.class, upstream::fill);
        assertEquals("closed", e.getMessage());
    }

    @Test
    void bytesMovedOutLeaveInTheirOwnMemoryInOrderWithWhatIsWrittenOutAndTheRestIsSkipped() throws IOException {
        byte[] body = bytes(SEGMENT);
        SegmentUpstream upstream = new SegmentUpstream(Okio.buffer((okio.Source) new Buffer().write(body)));
        Buffer sink = new Buffer();
        upstream.into(sink);
        int n = upstream.fill();
        byte[] lent = upstream.array();
        int at = upstream.offset();

        upstream.moveOut(100, 7000);
        upstream.writeOut(new byte[] {'>'}, 0, 1);
        upstream.moveOut(7500, 600);
        upstream.consumed(n);

        Buffer expected = new Buffer().write(body, 100, 7000).writeByte('>').write(body, 7500, 600);
        assertEquals(expected.readByteString(), sink.snapshot());
        Buffer.UnsafeCursor cursor = sink.readUnsafe();
        cursor.seek(0);
        // Okio copies what fits in the room the sink's last segment has left (the 600 bytes); a larger run moves.
        assertSame(lent, cursor.data, "the 7,000 bytes are not a copy");
        assertEquals(at + 100, cursor.start);
        assertEquals(at + 7100, cursor.end);
        cursor.close();
        assertEquals(-1, upstream.fill(), "what was neither moved nor written out was skipped");
    }

    @Test
    void theLastRunOfAFillThatEndsAtAnEventsEndMovesWithItsWholeSegmentWhichStaysRecyclable() throws IOException {
        byte[] body = bytes(SEGMENT);
        BufferedSource source = Okio.buffer((okio.Source) new Buffer().write(body));
        SegmentUpstream upstream = new SegmentUpstream(source);
        Buffer sink = new Buffer();
        upstream.into(sink);
        int n = upstream.fill();
        byte[] lent = upstream.array();

        upstream.moveOut(0, n);
        upstream.consumed(n);

        // Okio's internals, read here only: a split segment is marked shared, and Okio never recycles one.
        assertSame(lent, sink.head.data);
        assertFalse(sink.head.shared, "the segment was split");
        assertEquals(0, source.getBuffer().size());
        assertEquals(new Buffer().write(body).readByteString(), sink.readByteString());
    }

    @Test
    void theLastRunOfAFillThatEndsInACutEventLeavesAsACopyAndItsSegmentTakesTheNextBytes() throws IOException {
        byte[] body = bytes(3000);
        // As a chunked body comes: Okio reads it piece by piece into the body's buffer.
        BufferedSource source = Okio.buffer(new Pieces(body, 1000));
        SegmentUpstream upstream = new SegmentUpstream(source);
        Buffer sink = new Buffer();
        upstream.into(sink);
        assertEquals(1000, upstream.fill());
        byte[] lent = upstream.array();

        upstream.moveOut(0, 900);
        upstream.consumed(1000);

        assertEquals(new Buffer().write(body, 0, 900).readByteString(), sink.snapshot());
        assertNotSame(lent, sink.head.data, "a copy, not the segment");
        assertEquals(100, source.getBuffer().size(), "the cut event's bytes wait in the body's buffer");
        assertEquals(1000, upstream.fill(), "the next fill starts after them");
        assertSame(lent, upstream.array(), "the next piece went into the same segment");
        assertEquals(new Buffer().write(body, 1000, 1000).readByteString(),
                new Buffer().write(upstream.array(), upstream.offset(), 1000).readByteString());
        upstream.consumed(1000);
        assertEquals(1000, upstream.fill());
        upstream.consumed(1000);
        assertEquals(-1, upstream.fill(), "the bytes kept are not lent again at the end");
        assertEquals(0, source.getBuffer().size());
    }

    @Test
    void theBodysStreamNeverShowsTheBytesKept() throws IOException {
        byte[] body = bytes(3000);
        SegmentUpstream upstream = new SegmentUpstream(Okio.buffer(new Pieces(body, 1000)));
        upstream.into(new Buffer());
        upstream.fill();
        upstream.consumed(1000);

        InputStream stream = upstream.inputStream();

        assertEquals(0, stream.available());
        assertArrayEquals(Arrays.copyOfRange(body, 1000, 3000), stream.readAllBytes());
    }

    /** A source that hands on its bytes {@code piece} at a time, as Okio's chunked body source does. */
    private static final class Pieces implements okio.Source {
        private final Buffer rest;
        private final int piece;

        Pieces(byte[] body, int piece) {
            this.rest = new Buffer().write(body);
            this.piece = piece;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            if (rest.size() == 0) {
                return -1;
            }
            byte[] next = new byte[(int) Math.min(Math.min(byteCount, piece), rest.size())];
            rest.readFully(next);
            sink.write(next);
            return next.length;
        }

        @Override
        public okio.Timeout timeout() {
            return okio.Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aMoveOutOfABodyClosedByAnotherThreadIsQuiet() throws IOException {
        BufferedSource source = Okio.buffer((okio.Source) new Buffer().writeUtf8("data: x\n\n"));
        SegmentUpstream upstream = new SegmentUpstream(source);
        Buffer sink = new Buffer();
        upstream.into(sink);
        int n = upstream.fill();

        source.close();

        upstream.moveOut(0, 6);
        upstream.consumed(n);
        assertEquals(0, sink.size());
    }
}
