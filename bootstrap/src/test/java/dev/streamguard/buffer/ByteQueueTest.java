package dev.streamguard.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteQueueTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void whatFitsTheLentBufferGoesThereInOrderAndTheRestIsQueuedAfterIt() {
        ByteQueue q = new ByteQueue();
        byte[] client = ascii("..........");
        q.deliverInto(client, 2, 5);
        q.append(ascii("abc"), 0, 3);
        q.append(ascii("defg"), 0, 4);
        q.append(ascii("h"), 0, 1);
        assertEquals(5, q.stopDelivering());
        // Only the five bytes delivered were written: the rest of the client's buffer is as it was.
        assertArrayEquals(ascii("..abcde..."), client);
        assertEquals(3, q.available());
        byte[] rest = new byte[3];
        assertEquals(3, q.read(rest, 0, 3));
        assertArrayEquals(ascii("fgh"), rest);
    }

    @Test
    void afterDeliveringStopsAppendsAreQueued() {
        ByteQueue q = new ByteQueue();
        byte[] client = new byte[4];
        q.deliverInto(client, 0, 4);
        q.append(ascii("ab"), 0, 2);
        assertEquals(2, q.stopDelivering());
        q.append(ascii("cd"), 0, 2);
        assertEquals(2, q.available());
        assertArrayEquals(new byte[] {'a', 'b', 0, 0}, client);
    }

    @Test
    void bytesAlreadyQueuedGoFirst() {
        ByteQueue q = new ByteQueue();
        q.append(ascii("x"), 0, 1);
        assertThrows(IllegalStateException.class, () -> q.deliverInto(new byte[4], 0, 4));
    }

    /** A close on another thread may still append (the end of the body): never into the buffer a read lent. */
    @Test
    void anotherThreadAppendsToTheQueueNotToTheLentBuffer() throws Exception {
        ByteQueue q = new ByteQueue();
        byte[] client = ascii("....");
        q.deliverInto(client, 0, 4);
        Thread closer = new Thread(() -> q.append(ascii("xy"), 0, 2));
        closer.start();
        closer.join();
        assertEquals(0, q.stopDelivering());
        assertArrayEquals(ascii("...."), client);
        assertEquals(2, q.available());
    }

    @Test
    void aDrainThatFillsTheReservedArrayHandsItOverAndTheQueueStartsAfresh() {
        ByteQueue q = new ByteQueue();
        q.reserve(16);
        q.append(ascii("abcdefg"), 0, 7);
        q.append(ascii("hij"), 0, 3);
        ByteBuffer first = q.drainToBuffer();
        assertEquals("abcdefghij", text(first));
        // A copy would be exactly the 10 bytes long.
        assertEquals(16, first.array().length, "the reserved array itself, not a copy");
        assertEquals(0, q.available());
        // The handed-over array is the caller's: what comes next goes elsewhere.
        q.append(ascii("xyz"), 0, 3);
        assertEquals("abcdefghij", text(first));
        assertEquals("xyz", text(q.drainToBuffer()));
    }

    @Test
    void aDrainThatFillsLessThanHalfTheArrayIsCopiedOut() {
        ByteQueue q = new ByteQueue();
        q.reserve(100);
        q.append(ascii("abc"), 0, 3);
        ByteBuffer out = q.drainToBuffer();
        assertEquals("abc", text(out));
        assertEquals(3, out.array().length);
        q.append(ascii("de"), 0, 2);
        assertEquals("abc", text(out));
        assertEquals("de", text(q.drainToBuffer()));
    }

    @Test
    void reservingKeepsWhatIsQueuedInOrder() {
        ByteQueue q = new ByteQueue();
        q.append(ascii("abcd"), 0, 4);
        byte[] two = new byte[2];
        q.read(two, 0, 2);
        q.reserve(3000);
        q.append(ascii("ef"), 0, 2);
        assertEquals("cdef", text(q.drainToBuffer()));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b.duplicate()).toString();
    }
}
