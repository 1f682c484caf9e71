package dev.streamguard.agent.okhttp.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
