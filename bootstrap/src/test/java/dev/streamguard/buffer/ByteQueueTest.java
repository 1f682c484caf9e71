package dev.streamguard.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
