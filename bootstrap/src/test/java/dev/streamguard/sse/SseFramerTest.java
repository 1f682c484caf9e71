package dev.streamguard.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.SseReference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SseFramer} against an independent reference reading ({@link SseReference}) of the same bytes,
 * whatever the chunking: inside a line, between CR and LF, inside a UTF-8 sequence. Checks each event's raw
 * bytes, data, name and flags, and that the delivered raw bytes plus the trailing-LF callbacks plus the tail
 * are exactly the input.
 */
class SseFramerTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** What the framer handed to its listener, copied at the time (the event is a view that is refilled). */
    static final class Recording implements SseListener {
        final List<byte[]> raws = new ArrayList<>();
        final List<byte[]> datas = new ArrayList<>();
        final List<byte[]> names = new ArrayList<>();
        final List<Boolean> hasData = new ArrayList<>();
        final List<Boolean> unusual = new ArrayList<>();
        final List<Boolean> terminated = new ArrayList<>();
        /** For each trailing LF, the number of events delivered before it. */
        final List<Integer> trailingLineFeeds = new ArrayList<>();
        final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        boolean stopOnOversized;
        int oversizedCalls;
        long oversizedLimit;
        byte[] oversizedPartial;
        /** Thrown from {@link #onEvent}, as a listener's internal error would be. */
        RuntimeException failOnEvent;
        final java.io.ByteArrayOutputStream passed = new java.io.ByteArrayOutputStream();

        @Override
        public void onEvent(SseEvent e) {
            if (failOnEvent != null) {
                throw failOnEvent;
            }
            byte[] raw = Arrays.copyOf(e.rawArray(), e.rawLength());
            raws.add(raw);
            delivered.write(raw, 0, raw.length);
            datas.add(Arrays.copyOfRange(e.dataArray(), e.dataStart(), e.dataEnd()));
            assertEquals(e.dataEnd() - e.dataStart(), e.dataLength());
            names.add(e.hasEventName() ? Arrays.copyOfRange(e.rawArray(), e.eventNameStart(), e.eventNameEnd()) : null);
            hasData.add(e.hasData());
            unusual.add(e.hasUnusualFraming());
            terminated.add(e.isTerminated());
        }

        @Override
        public void afterFinalCarriageReturn(boolean lineFeed) {
            if (lineFeed) {
                trailingLineFeeds.add(raws.size());
                delivered.write('\n');
            }
        }

        @Override
        public Oversized onOversizedEvent(SseEvent partial, long limit) {
            oversizedCalls++;
            oversizedLimit = limit;
            oversizedPartial = Arrays.copyOf(partial.rawArray(), partial.rawLength());
            return stopOnOversized ? Oversized.STOP : Oversized.PASS;
        }

        @Override
        public void onPassedBytes(byte[] b, int off, int len) {
            passed.write(b, off, len);
        }
    }

    /** The recording and the tail of one framing run. */
    static final class Framed {
        final Recording rec;
        final byte[] tailRaw;
        final byte[] tailData;
        final byte[] tailName;
        final boolean tailHasData;
        final boolean tailUnusual;

        Framed(Recording rec, SseEvent tail) {
            this.rec = rec;
            if (tail == null) {
                tailRaw = null;
                tailData = null;
                tailName = null;
                tailHasData = false;
                tailUnusual = false;
            } else {
                assertFalse(tail.isTerminated(), "the tail is not terminated");
                tailRaw = Arrays.copyOf(tail.rawArray(), tail.rawLength());
                tailData = Arrays.copyOfRange(tail.dataArray(), tail.dataStart(), tail.dataEnd());
                tailName = tail.hasEventName() ? Arrays.copyOfRange(tail.rawArray(), tail.eventNameStart(), tail.eventNameEnd()) : null;
                tailHasData = tail.hasData();
                tailUnusual = tail.hasUnusualFraming();
            }
        }
    }

    /** Frames {@code body} in chunks of {@code sizes}, each fed from inside a larger array (non-zero offsets). */
    static Framed frame(byte[] body, List<Integer> sizes) throws StreamGuardException {
        Recording rec = new Recording();
        SseFramer framer = new SseFramer(rec, NO_LIMIT);
        byte[] padded = new byte[body.length + 6];
        Arrays.fill(padded, (byte) '\n'); // garbage around the body that must never be read
        System.arraycopy(body, 0, padded, 3, body.length);
        int at = 0;
        for (int size : sizes) {
            int stopped = framer.feed(padded, 3 + at, size);
            assertEquals(3 + at + size, stopped, "feed returns the end of the chunk");
            at += size;
        }
        assertEquals(body.length, at);
        return new Framed(rec, framer.finish());
    }

    /** Asserts that the framing of {@code body} in {@code sizes} matches the reference reading. */
    static void assertFramedLikeReference(byte[] body, List<Integer> sizes) throws StreamGuardException {
        Framed f = frame(body, sizes);
        Recording rec = f.rec;
        Supplier<String> where = () -> SseReference.show(body) + " in chunks " + sizes;
        List<SseReference.Event> expected = SseReference.parse(body);
        SseReference.Event tail = null;
        if (!expected.isEmpty() && !expected.get(expected.size() - 1).terminated) {
            tail = expected.remove(expected.size() - 1);
        }
        assertEquals(expected.size(), rec.raws.size(), () -> "events of " + where.get());
        for (int i = 0; i < expected.size(); i++) {
            SseReference.Event e = expected.get(i);
            int n = i;
            Supplier<String> what = () -> "event " + n + " of " + where.get();
            byte[] raw = rec.raws.get(i);
            if (rec.trailingLineFeeds.contains(i + 1)) {
                assertEquals('\r', raw[raw.length - 1], () -> "a trailing LF only follows an event that ended in CR: " + what.get());
                raw = Arrays.copyOf(raw, raw.length + 1);
                raw[raw.length - 1] = '\n';
            }
            assertBytes(e.raw, raw, () -> "raw bytes of " + what.get());
            if (e.dataLines > 0) { // the data span of an event without data: see anEventWithoutDataLinesHasNoData
                assertBytes(e.data, rec.datas.get(i), () -> "data of " + what.get());
            }
            assertEquals(e.dataLines > 0, rec.hasData.get(i), () -> "hasData of " + what.get());
            assertBytes(e.name, rec.names.get(i), () -> "event name of " + what.get());
            assertEquals(e.unusualFraming, rec.unusual.get(i), () -> "unusual framing of " + what.get());
            assertTrue(rec.terminated.get(i), () -> "terminated: " + what.get());
        }
        assertEquals(rec.trailingLineFeeds.stream().distinct().count(), rec.trailingLineFeeds.size(),
                () -> "at most one trailing LF per event: " + where.get());
        if (tail == null) {
            assertNull(f.tailRaw, () -> "no tail expected for " + where.get());
        } else {
            assertNotNull(f.tailRaw, () -> "a tail expected for " + where.get());
            assertBytes(tail.raw, f.tailRaw, () -> "tail of " + where.get());
            if (tail.dataLines > 0) {
                assertBytes(tail.data, f.tailData, () -> "tail data of " + where.get());
            }
            assertEquals(tail.dataLines > 0, f.tailHasData, () -> "tail hasData of " + where.get());
            assertBytes(tail.name, f.tailName, () -> "tail name of " + where.get());
            assertEquals(tail.unusualFraming, f.tailUnusual, () -> "tail unusual framing of " + where.get());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(rec.delivered.toByteArray());
        if (f.tailRaw != null) {
            all.writeBytes(f.tailRaw);
        }
        assertBytes(body, all.toByteArray(), () -> "delivered raw bytes + trailing LFs + tail = input, for " + where.get());
    }

    private static void assertBytes(byte[] expected, byte[] actual, Supplier<String> message) {
        if (!Arrays.equals(expected, actual)) {
            assertEquals(expected == null ? null : SseReference.show(expected),
                    actual == null ? null : SseReference.show(actual), message);
        }
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("LF", "data: hello\n\n"),
                Arguments.of("CRLF with name, comment, two data lines", "event: message_start\r\n: a comment\r\n"
                        + "data: {\"a\":\r\ndata:  1}\r\n\r\n"),
                Arguments.of("CR only, data: without space", "data:x\r\rdata: y\r\r"),
                Arguments.of("mixed endings per line", "data: a\r\ndata: b\rdata: c\n\r\nevent: e\rdata: d\r\n\n"),
                Arguments.of("UTF-8 multi-byte sequences", "data: \u00e9\u4e2d\ud83d\ude00\n\nevent: \u00fc\ndata: \ud834\udd1e\u00e9\n\n"),
                Arguments.of("comment-only and empty events", ": ping\n\n\n\n:\r\n\r\n\r\r"),
                Arguments.of("data field without colon or value", "data\n\ndata:\n\ndata: \n\ndata\ndata\n\n"),
                Arguments.of("several data lines joined with LF", "data: first\ndata:second\ndata:  third\ndata\n\n"),
                Arguments.of("last event line wins", "event: a\nevent:b\ndata: c\n\nevent\ndata: d\n\n"),
                Arguments.of("not data fields", "dataX: no\ndatum: no\nDATA: no\n data: no\nevent: n\n\n"),
                Arguments.of("id and retry", "id: 1\nretry: 10\ndata: z\n\n"),
                Arguments.of("tail without terminator", "data: a\n\ndata: b"),
                Arguments.of("tail with LF but no blank line", "data: a\n\nevent: x\ndata: b\n"),
                Arguments.of("tail ending in CR", "data: a\n\ndata: b\r"),
                Arguments.of("tail after CRLF event", "data: a\r\n\r\ndata: b\r\n"),
                Arguments.of("tail of a comment", "data: a\n\n: just a comment"),
                Arguments.of("tail data: without space", "data: a\n\ndata:b"),
                Arguments.of("leading blank lines", "\r\n\ndata: a\n\n"),
                Arguments.of("CRLF throughout", "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\ndata: [DONE]\r\n\r\n"),
                Arguments.of("CR LF LF", "data: a\r\n\ndata: b\r\n\n"),
                Arguments.of("long line", "data: " + "x".repeat(3000) + "\ndata: " + "\u00e9".repeat(700) + "\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void framesLikeTheReferenceWhole(String name, String body) throws StreamGuardException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        assertFramedLikeReference(b, Chunking.whole().sizes(b.length));
        assertFramedLikeReference(b, Chunking.everyByte().sizes(b.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void framesLikeTheReferenceSplitAtEveryPosition(String name, String body) throws StreamGuardException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int at = 1; at < b.length; at++) {
            assertFramedLikeReference(b, Chunking.splitAt(at).sizes(b.length));
        }
        if (b.length <= 80) {
            for (int i = 1; i < b.length; i++) {
                for (int j = i + 1; j < b.length; j++) {
                    assertFramedLikeReference(b, List.of(i, j - i, b.length - j));
                }
            }
        }
        for (int seed = 0; seed < 30; seed++) {
            assertFramedLikeReference(b, Chunking.random(seed, 1 + seed % 7).sizes(b.length));
        }
    }

    /** Random bodies of random lines (fields, comments, blank lines, all three endings, UTF-8) and chunkings. */
    @Test
    void framesRandomBodiesLikeTheReference() throws StreamGuardException {
        Random r = new Random(77);
        String[] starts = {"data: ", "data:", "data", "event: ", "event:", ": ", ":", "id: ", "retry: 5", "foo: ", "dat", ""};
        String[] values = {"", "x", "{\"a\": 1}", " two", "\u00e9\u4e2d", "\ud83d\ude00", "[DONE]", "data: inner", ":", "a b c"};
        String[] endings = {"\n", "\r\n", "\r"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int lines = r.nextInt(12);
            for (int i = 0; i < lines; i++) {
                if (r.nextInt(4) != 0) {
                    sb.append(starts[r.nextInt(starts.length)]).append(values[r.nextInt(values.length)]);
                }
                if (i < lines - 1 || r.nextInt(3) != 0) {
                    sb.append(endings[r.nextInt(endings.length)]);
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            assertFramedLikeReference(b, Chunking.random(r.nextLong(), 1 + r.nextInt(9)).sizes(b.length));
        }
    }

    @Test
    void deliversAnEventAsSoonAsItsBlankLineIsComplete() throws StreamGuardException {
        Recording rec = new Recording();
        SseFramer framer = new SseFramer(rec, NO_LIMIT);
        feed(framer, "data: a\n");
        assertEquals(0, rec.raws.size(), "no event before its blank line");
        feed(framer, "\n");
        assertEquals(1, rec.raws.size(), "the event as soon as its blank line is complete");
        assertEquals("data: a\n\n", text(rec.raws.get(0)));
        feed(framer, "data: b\r\n\r");
        assertEquals(2, rec.raws.size(), "a blank line ended by CR completes the event without waiting for LF");
        assertEquals("data: b\r\n\r", text(rec.raws.get(1)));
        assertTrue(rec.trailingLineFeeds.isEmpty());
    }

    @Test
    void crAtTheEndOfAChunkThenLfInTheNext() throws StreamGuardException {
        Recording rec = new Recording();
        SseFramer framer = new SseFramer(rec, NO_LIMIT);
        // CR ending a field line, LF in the next chunk: one CRLF inside the event.
        feed(framer, "data: a\r");
        feed(framer, "\ndata: b\r");
        feed(framer, "\n\r");
        assertEquals(1, rec.raws.size());
        assertEquals("data: a\r\ndata: b\r\n\r", text(rec.raws.get(0)));
        assertEquals("a\nb", text(rec.datas.get(0)));
        // The LF completing the blank line's CRLF arrives after the event: a callback, not a new event.
        feed(framer, "\n");
        assertEquals(List.of(1), rec.trailingLineFeeds);
        assertEquals(1, rec.raws.size());
        feed(framer, "data: c\r");
        feed(framer, "\r");
        assertEquals(2, rec.raws.size(), "CR CR: the second CR is a blank line");
        assertEquals("data: c\r\r", text(rec.raws.get(1)));
        feed(framer, "data: d\n\n");
        assertEquals(List.of(1), rec.trailingLineFeeds, "a CR-only blank line followed by data takes no LF");
        assertEquals("data: d\n\n", text(rec.raws.get(2)));
        // An empty chunk between CR and LF changes nothing.
        feed(framer, "data: e\r\n\r");
        framer.feed(new byte[0], 0, 0);
        feed(framer, "\n");
        assertEquals(List.of(1, 4), rec.trailingLineFeeds);
        assertNull(framer.finish());
        assertEquals("data: a\r\ndata: b\r\n\r\ndata: c\r\rdata: d\n\ndata: e\r\n\r\n", text(rec.delivered.toByteArray()));
    }

    @Test
    void splitsInsideUtf8SequencesKeepTheBytes() throws StreamGuardException {
        String body = "event: \u00e9v\u00e9nement\ndata: \ud83d\ude00\u4e2d\n\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int at = 1; at < b.length; at++) {
            Framed f = frame(b, Chunking.splitAt(at).sizes(b.length));
            assertEquals(1, f.rec.raws.size());
            assertEquals("\ud83d\ude00\u4e2d", text(f.rec.datas.get(0)), "split at " + at);
            assertEquals("\u00e9v\u00e9nement", text(f.rec.names.get(0)), "split at " + at);
        }
    }

    @Test
    void reportsAnOversizedEventAndStopsWhenTheListenerSaysSo() throws StreamGuardException {
        byte[] body = "data: 0123456789abcdefghij\n\n".getBytes(StandardCharsets.US_ASCII);
        Recording rec = new Recording();
        rec.stopOnOversized = true;
        SseFramer framer = new SseFramer(rec, 16);
        int stopped = framer.feed(body, 0, 10);
        assertEquals(10, stopped, "10 bytes fit in 16");
        stopped = framer.feed(body, 10, body.length - 10);
        assertEquals(1, rec.oversizedCalls);
        assertEquals(16, rec.oversizedLimit);
        assertEquals(16, stopped, "framing stops at the limit");
        assertEquals(16, framer.taken());
        assertEquals("data: 0123456789", text(rec.oversizedPartial), "the event's first 16 bytes");
        assertSame(framer.currentEvent(), framer.currentEvent());
        assertEquals("data: 0123456789", text(Arrays.copyOf(framer.currentEvent().rawArray(), framer.currentEvent().rawLength())));
        assertTrue(rec.raws.isEmpty());
        for (int at = 1; at < body.length; at++) {
            Recording split = new Recording();
            split.stopOnOversized = true;
            SseFramer f = new SseFramer(split, 16);
            int first = f.feed(body, 0, at);
            int end = first < at ? first : f.feed(body, at, body.length - at);
            assertEquals("data: 0123456789", text(split.oversizedPartial), "the same partial event split at " + at);
            assertEquals(16, end, "split at " + at);
        }

    }

    /**
     * The listener may take the partial event and have the rest of it passed as it comes: framing goes on after
     * its blank line, whatever the line endings and the chunking.
     */
    @Test
    void anOversizedEventPassedOnEndsAtItsBlankLineAndFramingGoesOn() throws StreamGuardException {
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            String big = "event: x" + eol + "data: 0123456789abcdefghij" + eol + "data: more" + eol + eol;
            String next = "data: next" + eol + eol;
            byte[] body = (big + next).getBytes(StandardCharsets.US_ASCII);
            for (int at = 1; at < body.length; at++) {
                Recording rec = new Recording();
                SseFramer framer = new SseFramer(rec, 16);
                assertEquals(at, framer.feed(body, 0, at));
                assertEquals(body.length - at, framer.feed(body, at, body.length - at) - at);
                String where = eol.replace("\r", "CR").replace("\n", "LF") + " split at " + at;
                assertEquals(1, rec.oversizedCalls, where);
                // The LF of the blank line's CRLF, when it comes in the next chunk, is announced as the LF after a final CR.
                String expected = eol.equals("\r\n") && at == big.length() - 1 ? big.substring(0, big.length() - 1) : big;
                assertEquals(expected, text(rec.oversizedPartial) + rec.passed.toString(StandardCharsets.US_ASCII), where);
                assertEquals(1, rec.raws.size(), where + ": the next event is framed");
                assertEquals("next", text(rec.datas.get(0)), where);
            }
        }
    }

    /**
     * An event without any data line (a comment, an empty event) has no data: its data span must be empty,
     * not the span of an earlier event's data left in place (which, read on the new raw bytes, is garbage).
     * Fails today: {@code SseEvent.reset()} clears {@code dataLines} but not {@code dataStart}/{@code dataEnd},
     * so {@code dataArray()[dataStart(), dataEnd())} of a data-less event is the previous event's span. Latent:
     * the engine and the protocols read data only after {@code hasData()}.
     */
    @Test
    void anEventWithoutDataLinesHasNoData() throws StreamGuardException {
        Recording rec = new Recording();
        SseFramer framer = new SseFramer(rec, NO_LIMIT);
        feed(framer, "data: abc\n\n: comment\n\n");
        assertEquals(2, rec.raws.size());
        assertEquals("abc", text(rec.datas.get(0)));
        assertFalse(rec.hasData.get(1));
        assertEquals("", text(rec.datas.get(1)), "data of the comment-only event after \"data: abc\"");
        feed(framer, "data: xyz\n\n: tail comment");
        SseEvent tail = framer.finish();
        assertFalse(tail.hasData());
        assertEquals(0, tail.dataLength(), "data length of a tail without data lines");
    }

    @Test
    void finishWithoutTailReturnsNull() throws StreamGuardException {
        Recording rec = new Recording();
        SseFramer framer = new SseFramer(rec, NO_LIMIT);
        assertNull(framer.finish(), "an empty body has no tail");
        feed(framer, "data: a\r\n\r");
        assertNull(framer.finish(), "a body ending with CR of the blank line has no tail");
        assertEquals(1, rec.raws.size());
    }

    /** A listener that takes every whole {@code data: x} event at a boundary itself, as the learned shapes do. */
    static final class TakingWholeEvents implements SseListener {
        final List<String> takenWhole = new ArrayList<>();
        final Recording framed = new Recording();
        RuntimeException failWith;
        /** Answers {@link SseListener#CARRY} for what begins a {@code data: } event but ends before its blank line. */
        boolean carryStarts;

        @Override
        public int atEventStart(byte[] b, int pos, int end) {
            if (failWith != null) {
                throw failWith;
            }
            String rest = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
            int blank = rest.indexOf("\n\n");
            if (carryStarts && blank < 0 && (rest.startsWith("data: ") || "data: ".startsWith(rest))) {
                return CARRY;
            }
            if (!rest.startsWith("data: ") || blank < 0) {
                return 0;
            }
            takenWhole.add(rest.substring(0, blank + 2));
            return blank + 2;
        }

        @Override
        public void onEvent(SseEvent e) {
            framed.onEvent(e);
        }

        @Override
        public Oversized onOversizedEvent(SseEvent partial, long limit) {
            throw new AssertionError("no event here is oversized");
        }

        @Override
        public void onPassedBytes(byte[] b, int off, int len) {
            throw new AssertionError("nothing passes unframed here");
        }

        @Override
        public void afterFinalCarriageReturn(boolean lineFeed) {
            throw new AssertionError("no CR here");
        }
    }

    /**
     * An event a chunk boundary splits, at any byte, reaches the listener whole at its start as it would unsplit
     * (so a learned shape still matches it), once, and nothing of it is framed line by line; the bytes taken
     * are the whole input.
     */
    @Test
    void anEventSplitAcrossChunksIsOfferedWholeAtItsStart() throws StreamGuardException {
        String body = "data: {\"a\":1}\n\ndata: {\"b\":22}\n\n: ping\n\ndata: {\"c\":333}\n\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int first = 1; first < b.length; first++) {
            for (int second = first; second < b.length; second += 5) {
                TakingWholeEvents listener = new TakingWholeEvents();
                SseFramer framer = new SseFramer(listener, NO_LIMIT);
                int[] cuts = {0, first, second, b.length};
                for (int i = 0; i + 1 < cuts.length; i++) {
                    assertEquals(cuts[i + 1], framer.feed(b, cuts[i], cuts[i + 1] - cuts[i]));
                }
                assertNull(framer.finish());
                String at = "cut at " + first + " and " + second;
                assertEquals(List.of("data: {\"a\":1}\n\n", "data: {\"b\":22}\n\n", "data: {\"c\":333}\n\n"), listener.takenWhole, at);
                assertEquals(List.of(": ping\n\n"), listener.framed.raws.stream().map(SseFramerTest::text).collect(java.util.stream.Collectors.toList()), at);
            }
        }
    }

    /**
     * The start of an event the listener answers {@link SseListener#CARRY} for, cut at any byte, is kept as it came
     * and offered whole once its end comes; nothing of it is framed.
     */
    @Test
    void theStartOfAnEventTheListenerWouldTakeIsCarriedUntilItsEnd() throws StreamGuardException {
        String body = "data: {\"a\":1}\n\ndata: {\"b\":22}\n\n: ping\n\ndata: {\"c\":333}\n\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < b.length; cut++) {
            TakingWholeEvents listener = new TakingWholeEvents();
            listener.carryStarts = true;
            SseFramer framer = new SseFramer(listener, NO_LIMIT);
            assertEquals(cut, framer.feed(b, 0, cut));
            // The event the cut is in began after the last blank line before it.
            int blank = body.lastIndexOf("\n\n", cut - 2);
            int eventStart = blank < 0 ? 0 : blank + 2;
            String at = "cut at " + cut;
            assertEquals(cut - eventStart, framer.carriedLength(), at);
            assertEquals(0, framer.currentEvent().rawLength(), at);
            assertEquals(b.length, framer.feed(b, cut, b.length - cut));
            assertNull(framer.finish());
            assertEquals(List.of("data: {\"a\":1}\n\n", "data: {\"b\":22}\n\n", "data: {\"c\":333}\n\n"), listener.takenWhole, at);
            assertEquals(List.of(": ping\n\n"), listener.framed.raws.stream().map(SseFramerTest::text).collect(java.util.stream.Collectors.toList()), at);
        }
    }

    /**
     * A carried event whose end lies further into the next chunk than the framer first looks (a few hundred bytes,
     * or as far as the last carried event's length leaves) is still offered whole once its end is found, whether the
     * listener carries or declines what it is offered before; and so is the next, looked for further, whether it is
     * longer or shorter.
     */
    @Test
    void aCarriedEventThatEndsFarIntoTheNextChunkIsOfferedWholeAtItsEnd() throws StreamGuardException {
        String first = "data: a\n\n";
        String long1 = "data: " + "x".repeat(1500) + "\n\n";
        for (String long2 : new String[] {"data: " + "y".repeat(2700) + "\n\n", "data: " + "y".repeat(900) + "\n\n"}) {
            byte[] b = (first + long1 + long2 + "data: b\n\n").getBytes(StandardCharsets.UTF_8);
            int secondStart = first.length() + long1.length();
            for (boolean carryStarts : new boolean[] {true, false}) {
                for (int cut = first.length() + 1; cut < secondStart; cut += 97) {
                    int secondCut = secondStart + 1 + (cut * 7) % (long2.length() - 1);
                    TakingWholeEvents listener = new TakingWholeEvents();
                    listener.carryStarts = carryStarts;
                    SseFramer framer = new SseFramer(listener, NO_LIMIT);
                    framer.feed(b, 0, cut);
                    framer.feed(b, cut, secondCut - cut);
                    assertEquals(b.length, framer.feed(b, secondCut, b.length - secondCut));
                    assertNull(framer.finish());
                    String at = "cuts at " + cut + " and " + secondCut + (carryStarts ? ", carried" : ", declined");
                    assertEquals(List.of(first, long1, long2, "data: b\n\n"), listener.takenWhole, at);
                    assertEquals(List.of(), listener.framed.raws, at);
                }
            }
        }
    }

    /**
     * An event that spans many small chunks stays carried, every byte of it once, and is offered whole at its end,
     * whether the listener carries or declines its start.
     */
    @Test
    void anEventOverManySmallChunksIsCarriedOnceAndOfferedWholeAtItsEnd() throws StreamGuardException {
        String first = "data: a\n\n";
        String long1 = "data: " + "x".repeat(1500) + "\n\n";
        byte[] b = (first + long1 + "data: b\n\n").getBytes(StandardCharsets.UTF_8);
        for (boolean carryStarts : new boolean[] {true, false}) {
            for (int piece : new int[] {100, 333}) {
                TakingWholeEvents listener = new TakingWholeEvents();
                listener.carryStarts = carryStarts;
                SseFramer framer = new SseFramer(listener, NO_LIMIT);
                String at = piece + " bytes a chunk" + (carryStarts ? ", carried" : ", declined");
                for (int off = 0; off < b.length; off += piece) {
                    int n = Math.min(piece, b.length - off);
                    assertEquals(off + n, framer.feed(b, off, n), at);
                    int eventEnd = first.length() + long1.length();
                    if (off + n > first.length() && off + n < eventEnd) {
                        assertEquals(off + n - first.length(), framer.carriedLength(), at + ", after " + (off + n));
                    }
                }
                assertNull(framer.finish());
                assertEquals(List.of(first, long1, "data: b\n\n"), listener.takenWhole, at);
                assertEquals(List.of(), listener.framed.raws, at);
            }
        }
    }

    /** Answered {@link SseListener#CARRY} for more than the framer carries, the event is framed as it comes. */
    @Test
    void theStartOfAnEventLongerThanTheCarryIsFramedEvenWhenTheListenerWouldCarryIt() throws StreamGuardException {
        String data = "x".repeat(20_000);
        byte[] b = ("data: " + data + "\n\ndata: y\n\n").getBytes(StandardCharsets.UTF_8);
        TakingWholeEvents listener = new TakingWholeEvents();
        listener.carryStarts = true;
        SseFramer framer = new SseFramer(listener, NO_LIMIT);
        framer.feed(b, 0, 18_000);
        assertEquals(0, framer.carriedLength());
        assertEquals(18_000, framer.currentEvent().rawLength(), "framed as it came");
        framer.feed(b, 18_000, b.length - 18_000);
        assertNull(framer.finish());
        assertEquals(List.of("data: " + data + "\n\n"), listener.framed.raws.stream().map(SseFramerTest::text).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("data: y\n\n"), listener.takenWhole);
    }

    /**
     * An event the listener does not take whole, of several lines (a name, two data lines, an id, a comment, data
     * without a space), split at any byte and framed once its end comes, has the bytes and fields it has unsplit:
     * what its first part was framed into before the cut is not kept beside it.
     */
    @Test
    void aSplitEventTheListenerDoesNotTakeIsFramedWithItsOwnFieldsOnce() throws StreamGuardException {
        String event = "event: delta\ndata: {\"a\":\ndata:1}\nid: 7\n: note\n\n";
        byte[] b = ("data: x\n\n" + event + "data: y\n\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < b.length; cut++) {
            TakingWholeEvents listener = new TakingWholeEvents();
            SseFramer framer = new SseFramer(listener, NO_LIMIT);
            framer.feed(b, 0, cut);
            framer.feed(b, cut, b.length - cut);
            assertNull(framer.finish());
            String at = "cut at " + cut;
            Recording framed = listener.framed;
            assertEquals(List.of(event), framed.raws.stream().map(SseFramerTest::text).collect(java.util.stream.Collectors.toList()), at);
            assertEquals("{\"a\":\n1}", text(framed.datas.get(0)), at);
            assertEquals("delta", text(framed.names.get(0)), at);
            assertTrue(framed.unusual.get(0), at + ": a data line without its space");
            assertEquals(List.of("data: x\n\n", "data: y\n\n"), listener.takenWhole, at);
        }
    }

    /** A split event longer than what is carried is framed line by line as it comes, the same events out. */
    @Test
    void aSplitEventLongerThanTheCarryIsFramedAsItComes() throws StreamGuardException {
        String data = "x".repeat(20_000);
        byte[] b = ("data: " + data + "\n\ndata: y\n\n").getBytes(StandardCharsets.UTF_8);
        TakingWholeEvents listener = new TakingWholeEvents();
        SseFramer framer = new SseFramer(listener, NO_LIMIT);
        for (int at = 0; at < b.length; at += 4096) {
            framer.feed(b, at, Math.min(4096, b.length - at));
        }
        assertNull(framer.finish());
        assertEquals(1, listener.framed.raws.size());
        assertEquals("data: " + data + "\n\n", text(listener.framed.raws.get(0)));
        assertEquals(List.of("data: y\n\n"), listener.takenWhole);
    }

    /**
     * The listener fails inside (an internal error) when a carried event is offered whole: the framer is left as
     * before that chunk, the carried start kept and the chunk to be fed again from where it began, as for an event
     * that came whole; fed again, the event arrives whole and nothing is lost.
     */
    @Test
    void aListenerFailureOnAWholeCarriedEventLeavesItToBeFedAgain() throws StreamGuardException {
        TakingWholeEvents listener = new TakingWholeEvents();
        SseFramer framer = new SseFramer(listener, NO_LIMIT);
        byte[] first = "data: {\"a\":".getBytes(StandardCharsets.UTF_8);
        assertEquals(first.length, framer.feed(first, 0, first.length));
        assertEquals(first.length, framer.carriedLength());
        listener.failWith = new IllegalStateException("a bug");
        byte[] second = "1}\n\ndata: z\n\n".getBytes(StandardCharsets.UTF_8);
        try {
            framer.feed(second, 0, second.length);
            fail("the listener's failure is the caller's to handle");
        } catch (IllegalStateException expected) {
            assertSame(listener.failWith, expected);
        }
        assertEquals(0, framer.taken(), "the chunk goes again from its start");
        assertEquals(first.length, framer.carriedLength(), "the carried start is kept, once");
        assertEquals(0, framer.currentEvent().rawLength());
        listener.failWith = null;
        assertEquals(second.length, framer.feed(second, framer.taken(), second.length));
        assertEquals(List.of("data: {\"a\":1}\n\n", "data: z\n\n"), listener.takenWhole);
        assertNull(framer.finish());
    }

    /**
     * The listener fails inside while a carried event it did not take is framed: the event holds every byte of
     * it, and framing goes on in the chunk just after it, so failing open loses nothing.
     */
    @Test
    void aListenerFailureWhileACarriedEventIsFramedLeavesEveryByteOfItInTheEvent() throws StreamGuardException {
        TakingWholeEvents listener = new TakingWholeEvents();
        listener.framed.failOnEvent = new IllegalStateException("a bug");
        SseFramer framer = new SseFramer(listener, NO_LIMIT);
        byte[] first = "event: x\ndata: 1".getBytes(StandardCharsets.UTF_8);
        framer.feed(first, 0, first.length);
        byte[] second = "\n\ndata: z\n\n".getBytes(StandardCharsets.UTF_8);
        try {
            framer.feed(second, 0, second.length);
            fail("the listener's failure is the caller's to handle");
        } catch (IllegalStateException expected) {
            assertSame(listener.framed.failOnEvent, expected);
        }
        SseEvent current = framer.currentEvent();
        assertEquals("event: x\ndata: 1\n\n", new String(current.rawArray(), 0, current.rawLength(), StandardCharsets.UTF_8));
        assertEquals(2, framer.taken(), "framing goes on after the carried event's blank line");
        assertEquals(0, framer.carriedLength());
    }

    /** A blank line at a boundary is a whole (empty) event: it is delivered at once, not carried with what follows. */
    @Test
    void anEmptyEventAtTheEndOfAChunkIsNotCarried() throws StreamGuardException {
        TakingWholeEvents listener = new TakingWholeEvents();
        SseFramer framer = new SseFramer(listener, NO_LIMIT);
        byte[] first = "data: a\n\n\ndata: {\"b\"".getBytes(StandardCharsets.UTF_8);
        framer.feed(first, 0, first.length);
        assertEquals(List.of("\n"), listener.framed.raws.stream().map(SseFramerTest::text).collect(java.util.stream.Collectors.toList()));
        assertEquals("data: {\"b\"".length(), framer.carriedLength());
        byte[] second = ":2}\n\n".getBytes(StandardCharsets.UTF_8);
        framer.feed(second, 0, second.length);
        assertEquals(List.of("data: a\n\n", "data: {\"b\":2}\n\n"), listener.takenWhole);
    }

    private static void feed(SseFramer framer, String s) throws StreamGuardException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int stopped = framer.feed(b, 0, b.length);
        if (stopped != b.length) {
            fail("feed stopped at " + stopped);
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
