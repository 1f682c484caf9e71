package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.buffer.ByteQueue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The pull adapter's layout of the guard's output over the input it read in the client's buffer: runs noted where
 * they lie and the queue's bytes, in the order the guard gave them, whichever way the runs move.
 */
class InPlaceOutputTest {
    private static final int OFF = 2;
    /** The length of the input the guard read. */
    private static final int N = 16;
    private final ByteQueue queue = new ByteQueue();
    private final InPlaceOutput output = new InPlaceOutput(queue);
    /** Two bytes before the input and four after it that are not the read's: a layout must not touch them. */
    private final byte[] buffer = ascii("##0123456789abcdef&&&&");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    private String laidOut(int len) {
        int n = output.layOut(OFF, OFF, N, len);
        return ascii(buffer, OFF, n);
    }

    private String stillQueued() {
        byte[] rest = new byte[queue.available()];
        queue.read(rest, 0, rest.length);
        return ascii(rest, 0, rest.length);
    }

    private void queued(String s) {
        byte[] b = ascii(s);
        queue.append(b, 0, b.length);
    }

    @Test
    void runsThatPassWholeStayWhereTheyLie() {
        output.start(buffer);
        output.share(buffer, OFF, 6);
        output.share(buffer, OFF + 6, 10);
        assertEquals("0123456789abcdef", laidOut(N));
        assertEquals("##0123456789abcdef&&&&", ascii(buffer, 0, buffer.length));
        assertEquals("", stillQueued());
    }

    @Test
    void queuedBytesBeforeARunMoveItRight() {
        output.start(buffer);
        queued("xyz");
        output.share(buffer, OFF + 1, 6);
        queued("!");
        output.share(buffer, OFF + 9, 4);
        assertEquals("xyz123456!9abc", laidOut(N));
        assertEquals("&&&&", ascii(buffer, OFF + N, 4), "nothing past the read");
        assertEquals("", stillQueued());
    }

    @Test
    void runsThatMoveLeftAreLaidOutFromACopy() {
        output.start(buffer);
        output.share(buffer, OFF + 4, 3);
        queued("xyzxyz");
        output.share(buffer, OFF + 7, 2);
        queued("!");
        output.share(buffer, OFF, 3);
        assertEquals("456xyzxyz78!012", laidOut(N));
        assertEquals("", stillQueued());
    }

    /** Moved last first, the second run would land on the first before it moved. */
    @Test
    void aRunAfterDroppedBytesIsLaidOutFromACopy() {
        output.start(buffer);
        output.share(buffer, OFF + 2, 3);
        queued("x");
        output.share(buffer, OFF + 6, 3);
        assertEquals("234x678", laidOut(N));
        assertEquals("", stillQueued());
    }

    @Test
    void whatDoesNotFitStaysQueuedInOrder() {
        output.start(buffer);
        queued("xyz");
        output.share(buffer, OFF, 8);
        queued("!!");
        output.share(buffer, OFF + 8, 8);
        assertEquals("xyz01234", laidOut(8));
        assertEquals("567!!89abcdef", stillQueued());
        assertEquals("&&&&", ascii(buffer, OFF + N, 4), "nothing past the read");
    }

    @Test
    void bytesOfAnotherArrayGoOutInTheirPlaceAmongTheRuns() {
        output.start(buffer);
        output.share(buffer, OFF, 4);
        byte[] other = ascii("--uv--");
        output.share(other, 2, 2);
        output.share(buffer, OFF + 4, 4);
        output.share(buffer, OFF + 8, 8);
        assertEquals("0123uv456789abcdef", laidOut(N + 2));
        assertEquals("", stillQueued());
    }

    /**
     * Read after room left for an event held from the read before: the held bytes go out in that room, and the runs
     * after them, with the guard's own bytes between, are laid out from where the room starts.
     */
    @Test
    void heldBytesGoOutInTheRoomLeftBeforeTheInput() {
        output.start(buffer);
        queued("xy");
        output.share(buffer, OFF + 2, 6);
        queued("!");
        output.share(buffer, OFF + 9, 5);
        assertEquals("xy234567!9abcd", ascii(buffer, OFF, output.layOut(OFF, OFF + 2, N - 2, N)));
        assertEquals("ef&&&&", ascii(buffer, OFF + N - 2, 6), "nothing past the output");
        assertEquals("", stillQueued());
    }

    /** Held bytes that came out shorter than the room: the runs would move left, and are laid out from a copy. */
    @Test
    void heldBytesShorterThanTheRoomLayTheRunsOutFromACopyOfTheInput() {
        output.start(buffer);
        queued("x");
        output.share(buffer, OFF + 2, 4);
        output.share(buffer, OFF + 10, 6);
        assertEquals("x2345abcdef", ascii(buffer, OFF, output.layOut(OFF, OFF + 2, N - 2, N)));
        assertEquals("", stillQueued());
    }

    @Test
    void aLayoutIsEmptyWhenNothingWentOut() {
        output.start(buffer);
        assertEquals("", laidOut(N));
        assertEquals("##0123456789abcdef&&&&", ascii(buffer, 0, buffer.length));
    }
}
