package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.streamguard.testing.GuardRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The adapters' read buffers, lent from one stream to the next on a thread, and the push adapter's scratch buffer
 * (its use by streams in turn: {@code AdapterBehaviourTest}).
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

    /** Read to its end, a stream gives back what it read the upstream into: the next stream on the thread reads into that. */
    @Test
    void aStreamReadToItsEndGivesItsBufferBack() throws IOException {
        ReadBuffers.take();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = stream(body)) {
            assertArrayEquals(body, in.readAllBytes());
        }
        byte[] spare = ReadBuffers.take();
        assertArrayEquals(body, Arrays.copyOf(spare, body.length), "the spare holds what the stream read last");
    }

    /**
     * Closed before its end, a stream keeps its buffer: the close may come from another thread while a read is
     * still under way, and the buffer must not be lent to another stream then.
     */
    @Test
    void aStreamClosedBeforeItsEndKeepsItsBuffer() throws IOException {
        ReadBuffers.take();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        InputStream in = stream(body);
        assertEquals('d', in.read());
        in.close();
        byte[] spare = ReadBuffers.take();
        assertArrayEquals(new byte[body.length], Arrays.copyOf(spare, body.length), "a new buffer, never read into");
    }

    @Test
    void theScratchBufferIsTheThreadsOwn() throws Exception {
        byte[] scratch = ReadBuffers.scratch();
        assertEquals(ReadBuffers.SIZE, scratch.length);
        assertSame(scratch, ReadBuffers.scratch());
        assertNotSame(scratch, CompletableFuture.supplyAsync(ReadBuffers::scratch).get());
    }
}
