package dev.streamguard.agent.okhttp.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void theLastRunOfAFillMovesWithItsWholeSegmentWhichStaysRecyclable() throws IOException {
        byte[] body = bytes(SEGMENT);
        BufferedSource source = Okio.buffer((okio.Source) new Buffer().write(body));
        SegmentUpstream upstream = new SegmentUpstream(source);
        Buffer sink = new Buffer();
        upstream.into(sink);
        int n = upstream.fill();
        byte[] lent = upstream.array();

        upstream.moveOut(0, 8000);
        upstream.consumed(n);

        // Okio's internals, read here only: a split segment is marked shared, and Okio never recycles one.
        assertSame(lent, sink.head.data);
        assertFalse(sink.head.shared, "the segment was split");
        assertEquals(0, source.getBuffer().size());
        assertEquals(new Buffer().write(body, 0, 8000).readByteString(), sink.readByteString());
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
