package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.streamguard.testing.GuardRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The adapters' read buffers: a thread's spare, taken by one stream after another, and the buffers lent for one call
 * (the push adapter's use of them by streams in turn: {@code AdapterBehaviourTest}).
 */
class ReadBuffersTest {
    private static final String BODY = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private static GuardedInputStream stream(byte[] body) {
        return new GuardedInputStream(new ByteArrayInputStream(body),
                new GuardEngine(GuardRun.config(""), new StreamContext("http://127.0.0.1/v1/chat/completions", "test", null, StreamReportListener.NONE)));
    }

    @Test
    void aBufferGivenBackIsTakenAgainOnItsThreadOnlyAndOnce() throws Exception {
        byte[] first = ReadBuffers.take();
        assertEquals(ReadBuffers.SIZE, first.length);
        ReadBuffers.give(first);
        byte[] elsewhere = CompletableFuture.supplyAsync(ReadBuffers::take).get();
        assertNotSame(first, elsewhere);
        assertSame(first, ReadBuffers.take());
        assertNotSame(first, ReadBuffers.take());
    }

    /**
     * Read to its end in reads too small to read the upstream into, a stream gives back the chunk it read the upstream
     * into: the next stream on the thread reads into that.
     */
    @Test
    void aStreamReadInSmallReadsGivesItsChunkBack() throws IOException {
        ReadBuffers.take();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = stream(body)) {
            assertArrayEquals(body, readInReadsOf(in, 100));
        }
        byte[] spare = ReadBuffers.take();
        assertArrayEquals(body, Arrays.copyOf(spare, body.length), "the spare holds what the stream read last");
    }

    /**
     * Closed before its end, a stream keeps its chunk: the close may come from another thread while a read is
     * still under way, and the chunk must not be lent to another stream then.
     */
    @Test
    void aStreamClosedBeforeItsEndKeepsItsChunk() throws IOException {
        ReadBuffers.take();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        InputStream in = stream(body);
        assertEquals('d', in.read());
        in.close();
        byte[] spare = ReadBuffers.take();
        assertArrayEquals(new byte[body.length], Arrays.copyOf(spare, body.length), "a new buffer, never read into");
    }

    /**
     * A read large enough has the upstream read into the client's own buffer, and the guard reads it there: neither
     * the stream's chunk nor a lent buffer is written to.
     */
    @Test
    void aLargeReadReadsTheUpstreamIntoTheClientsBufferAndTheGuardReadsItThere() throws IOException {
        ReadBuffers.take();
        byte[] fresh = new byte[ReadBuffers.SIZE];
        ReadBuffers.give(fresh);
        byte[] lent = ReadBuffers.lend();
        Arrays.fill(lent, (byte) 0);
        ReadBuffers.giveBack(lent);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = stream(body)) {
            assertArrayEquals(body, readInReadsOf(in, 4096));
        }
        assertSame(fresh, ReadBuffers.take(), "the spare taken after the terminal event, to find the body's end, is given back");
        assertArrayEquals(new byte[body.length], Arrays.copyOf(fresh, body.length), "the upstream was never read into the chunk");
        byte[] lentNext = ReadBuffers.lend();
        try {
            assertSame(lent, lentNext, "the pool lends its first buffer again");
            assertArrayEquals(new byte[body.length], Arrays.copyOf(lentNext, body.length), "nothing copied the body into it");
        } finally {
            ReadBuffers.giveBack(lentNext);
        }
    }

    /**
     * A large read after one that ended inside an event has the upstream read after room for that event's start, which
     * goes out first: what passes unchanged is where the upstream put it.
     */
    @Test
    void aLargeReadAfterAHeldEventReadsTheUpstreamAfterRoomForIt() throws IOException {
        String first = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
        byte[] body = (first + BODY).getBytes(StandardCharsets.UTF_8);
        int held = 10;
        int cut = first.length() + held;
        List<Integer> readsAt = new ArrayList<>();
        InputStream upstream = new InputStream() {
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == body.length) {
                    return -1;
                }
                int n = Math.min(len, (pos < cut ? cut : body.length) - pos);
                System.arraycopy(body, pos, b, off, n);
                readsAt.add(off);
                pos += n;
                return n;
            }
        };
        GuardEngine engine = new GuardEngine(GuardRun.config(""),
                new StreamContext("http://127.0.0.1/v1/chat/completions", "test", null, StreamReportListener.NONE));
        int off = 5;
        byte[] buffer = new byte[4096];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GuardedInputStream(upstream, engine)) {
            out.write(buffer, off, in.read(buffer, off, buffer.length - off));
            assertEquals(held, engine.heldInputBytes(), "the first read ended inside the second event");
            out.write(buffer, off, in.read(buffer, off, buffer.length - off));
            assertEquals(List.of(off, off + held), readsAt, "the second read of the upstream went after room for the held bytes");
            out.write(in.readAllBytes());
        }
        assertArrayEquals(body, out.toByteArray());
    }

    @Test
    void aLentBufferGivenBackIsLentNextOnAnyThreadAndNeverTwiceAtOnce() throws Exception {
        // What earlier tests gave back is lent out first, and left to the collector.
        for (int i = 0; i < ReadBuffers.POOL_LIMIT; i++) {
            ReadBuffers.lend();
        }
        byte[] first = ReadBuffers.lend();
        assertEquals(ReadBuffers.SIZE, first.length);
        byte[] second = ReadBuffers.lend();
        assertNotSame(first, second, "a buffer still lent is not lent again");
        ReadBuffers.giveBack(second);
        ReadBuffers.giveBack(first);
        byte[] elsewhere = CompletableFuture.supplyAsync(ReadBuffers::lend).get();
        assertSame(second, elsewhere, "another thread is lent the one in the pool's first place");
        assertSame(first, ReadBuffers.lend(), "and this thread the other");
        assertNotSame(first, ReadBuffers.lend(), "none is left to lend: a new one");
        ReadBuffers.giveBack(first);
        ReadBuffers.giveBack(elsewhere);
    }

    private static byte[] readInReadsOf(InputStream in, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[size];
        for (int n; (n = in.read(buffer, 0, size)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
