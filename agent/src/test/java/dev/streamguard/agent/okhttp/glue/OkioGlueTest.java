package dev.streamguard.agent.okhttp.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

/** The two Okio classes of OkHttp's glue, on the Okio the agent is compiled against. */
class OkioGlueTest {
    private static final int SEGMENT = 8192;

    /** A guarded stream that records the window of each read and has {@code queued} bytes ready at once. */
    private static final class RecordingStream extends InputStream {
        final List<Integer> windows = new ArrayList<>();
        final byte[] bytes;
        int at;
        int queued;

        RecordingStream(byte[] bytes, int queued) {
            this.bytes = bytes;
            this.queued = queued;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            windows.add(len);
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            queued = Math.max(0, queued - n);
            return n;
        }

        @Override
        public int available() {
            return queued;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void aReadThatWillTakeTheUpstreamGetsAWholeSegmentNotTheRoomLeftInTheLastOne() throws IOException {
        RecordingStream guarded = new RecordingStream(bytes(SEGMENT), 0);
        Buffer sink = new Buffer().write(bytes(SEGMENT - 2));

        long n = new GuardedSource(guarded).read(sink, SEGMENT);

        assertEquals(List.of(SEGMENT), guarded.windows);
        assertEquals(SEGMENT, n);
        assertEquals(2L * SEGMENT - 2, sink.size());
        byte[] all = sink.readByteArray();
        assertArrayEquals(bytes(SEGMENT - 2), Arrays.copyOfRange(all, 0, SEGMENT - 2));
        assertArrayEquals(bytes(SEGMENT), Arrays.copyOfRange(all, SEGMENT - 2, all.length));
    }

    @Test
    void aReadOfWhatTheGuardHasQueuedFillsTheRoomThereIs() throws IOException {
        RecordingStream guarded = new RecordingStream(bytes(100), 100);
        Buffer sink = new Buffer().write(bytes(SEGMENT - 10));

        assertEquals(10, new GuardedSource(guarded).read(sink, SEGMENT));
        assertEquals(List.of(10), guarded.windows);
        assertEquals(SEGMENT, sink.size());
    }

    @Test
    void theReadNeverAsksForMoreThanItsByteCountAndEndsAsTheStreamDoes() throws IOException {
        RecordingStream guarded = new RecordingStream(bytes(5), 0);
        GuardedSource source = new GuardedSource(guarded);
        Buffer sink = new Buffer();

        assertEquals(3, source.read(sink, 3));
        assertEquals(2, source.read(sink, SEGMENT));
        assertEquals(-1, source.read(sink, SEGMENT));
        assertEquals(List.of(3, SEGMENT, SEGMENT), guarded.windows);
        assertArrayEquals(bytes(5), sink.readByteArray());
        assertEquals(0, source.read(sink, 0));
        assertThrows(IllegalArgumentException.class, () -> source.read(sink, -1));
    }

    @Test
    void aFailedReadLeavesTheSinkAsItWas() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("upstream cut");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("upstream cut");
            }
        };
        Buffer sink = new Buffer().writeUtf8("kept");

        IOException e = assertThrows(IOException.class, () -> new GuardedSource(failing).read(sink, SEGMENT));

        assertEquals("upstream cut", e.getMessage());
        assertEquals("kept", sink.readUtf8());
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
