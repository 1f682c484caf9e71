package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.testing.GuardRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two adapters around {@link GuardEngine}: what the pull adapter ({@link GuardedInputStream}) reads
 * and returns when, and what the push adapter ({@link ChunkGuard}) returns per call; failures, ends and
 * cancellation; and exactly one report per stream on every path.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdapterBehaviourTest {
    private static final String E1 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private static final String E2 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hi \\u00e9\"},\"finish_reason\":null}]}\n\n";
    private static final String E3 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";
    private static final String ERROR = "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n";

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "adapter-test-reader");
        t.setDaemon(true);
        return t;
    });
    private final List<StreamReport> reports = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopReaders() {
        executor.shutdownNow();
    }

    private GuardEngine engine() {
        return engine(GuardRun.config(""));
    }

    private GuardEngine engine(GuardConfig config) {
        return new GuardEngine(config, new StreamContext("http://127.0.0.1/v1/chat/completions", "test", null, reports::add));
    }

    private StreamReport onlyReport() {
        assertEquals(1, reports.size(), () -> "exactly one report: " + reports);
        return reports.get(0);
    }

    /**
     * An upstream body the test hands out piece by piece: a read blocks until the test supplies the next
     * piece (like a network stream waiting for the server). Counts the reads.
     */
    static final class ScriptedUpstream extends InputStream {
        private static final Object EOF = new Object();
        private final LinkedBlockingQueue<Object> steps = new LinkedBlockingQueue<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean closed;
        private byte[] current;
        private int pos;
        private boolean ended;

        ScriptedUpstream deliver(String s) {
            steps.add(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        ScriptedUpstream end() {
            steps.add(EOF);
            return this;
        }

        ScriptedUpstream fail(IOException e) {
            steps.add(e);
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads.incrementAndGet();
            if (ended) {
                return -1;
            }
            if (current == null || pos == current.length) {
                Object step;
                try {
                    step = steps.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("interrupted");
                }
                if (step == EOF) {
                    ended = true;
                    return -1;
                }
                if (step instanceof IOException) {
                    throw (IOException) step;
                }
                current = (byte[]) step;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static String readOnce(InputStream in, int len) throws IOException {
        byte[] buf = new byte[len];
        int n = in.read(buf, 0, len);
        return n < 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[bufferSize];
        int n;
        while ((n = in.read(buf, 0, bufferSize)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ================================================================== pull adapter

    @Test
    void pullReturnsTheFirstEventWithoutWaitingForMoreUpstreamBytes() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1 + E2.substring(0, 20));
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        Future<String> first = executor.submit(() -> readOnce(in, 8192));
        assertEquals(E1, first.get(5, TimeUnit.SECONDS), "the first event, while the upstream has nothing more to give");
        // The next event arrives in two pieces: no read returns before it is complete (the guard may rewrite it).
        Future<String> second = executor.submit(() -> readOnce(in, 8192));
        assertThrows(TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS), "an incomplete event is held back");
        upstream.deliver(E2.substring(20));
        assertEquals(E2, second.get(5, TimeUnit.SECONDS));
        upstream.deliver(E3 + DONE).end();
        assertEquals(E3 + DONE, readAll(in, 8192));
        in.close();
        StreamReport report = onlyReport();
        assertEquals(Outcome.COMPLETED, report.outcome());
        assertEquals(Protocol.OPENAI_CHAT, report.protocol());
    }

    @Test
    void pullReturnsAnEventEndedByCrWithoutWaitingForItsLf() throws Exception {
        String e1 = E1.replace("\n", "\r\n");
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(e1.substring(0, e1.length() - 1));
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        Future<String> first = executor.submit(() -> readOnce(in, 8192));
        assertEquals(e1.substring(0, e1.length() - 1), first.get(5, TimeUnit.SECONDS),
                "the event is complete at the CR of its blank line");
        upstream.deliver("\n" + E2.replace("\n", "\r\n"));
        Future<String> second = executor.submit(() -> readOnce(in, 8192));
        assertEquals("\n" + E2.replace("\n", "\r\n"), second.get(5, TimeUnit.SECONDS), "the LF follows, then the next event");
        upstream.deliver((E3 + DONE).replace("\n", "\r\n")).end();
        readAll(in, 8192);
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
    }

    @Test
    void pullNeverReadsUpstreamWhileItHoldsReadyOutput() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1 + E2).deliver(E3 + DONE).end();
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        int held = (E1 + E2).getBytes(StandardCharsets.UTF_8).length;
        StringBuilder got = new StringBuilder();
        got.append(readOnce(in, 7));
        assertEquals(1, upstream.reads.get(), "one upstream read for the first client read");
        assertEquals(held - 7, in.available(), "the rest of the chunk is ready");
        while (got.toString().getBytes(StandardCharsets.UTF_8).length < held) {
            got.append(readOnce(in, 7));
            assertEquals(1, upstream.reads.get(), "no upstream read while ready output remains");
        }
        assertEquals(E1 + E2, got.toString());
        assertEquals(0, in.available());
        assertEquals(E3 + DONE, readOnce(in, 8192));
        assertEquals(2, upstream.reads.get());
        assertNull(readOnce(in, 8192));
        assertEquals(3, upstream.reads.get(), "the read that saw the end");
        in.close();
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
        assertTrue(upstream.closed, "close closes the upstream");
    }

    @Test
    void pullReturnsMinusOneAfterTheEndWithoutReadingUpstreamAgain() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1 + E3 + DONE).end();
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertEquals(E1 + E3 + DONE, readAll(in, 3));
        int reads = upstream.reads.get();
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, in.read(new byte[10], 0, 10));
            assertEquals(-1, in.read());
        }
        assertEquals(0, in.read(new byte[10], 0, 0), "a zero-length read returns 0");
        assertEquals(reads, upstream.reads.get(), "no upstream read after the end");
        assertEquals(0, in.available());
        in.close();
        in.close();
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
    }

    @Test
    void pullThrowsTheSameFailureOnEveryReadAfterDeliveringEverythingBeforeIt() throws Exception {
        for (int bufferSize : new int[] {1, 5, 8192}) {
            reports.clear();
            // The failing event arrives in the same chunk as the events before it, and one after it.
            ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1 + E2 + ERROR + E3).deliver(DONE).end();
            GuardedInputStream in = new GuardedInputStream(upstream, engine());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[bufferSize];
            StreamGuardException failure = null;
            try {
                int n;
                while ((n = in.read(buf, 0, bufferSize)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (StreamGuardException e) {
                failure = e;
            }
            assertNotNull(failure, "buffer " + bufferSize);
            assertEquals(E1 + E2, got.toString(StandardCharsets.UTF_8), "every byte before the failing event, buffer " + bufferSize);
            assertEquals("streamguard: upstream error: boom", failure.getMessage());
            assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, failure.reason());
            for (int i = 0; i < 3; i++) {
                StreamGuardException f = failure;
                assertSame(f, assertThrows(StreamGuardException.class, () -> in.read(new byte[10], 0, 10)));
                assertSame(f, assertThrows(StreamGuardException.class, in::read));
            }
            assertEquals(1, upstream.reads.get(), "no upstream read after the failure, buffer " + bufferSize);
            in.close();
            StreamReport report = onlyReport();
            assertEquals(Outcome.FAILED, report.outcome());
            assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, report.failureCause());
            assertTrue(report.failureRaised());
        }
    }

    @Test
    void pullThrowsTheTruncationAtTheEndAfterEveryByte() throws Exception {
        String cut = E2.substring(0, 30);
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1).deliver(E2 + cut).end();
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertEquals(E1, readOnce(in, 8192));
        assertEquals(E2, readOnce(in, 8192));
        StreamGuardException failure = assertThrows(StreamGuardException.class, () -> in.read(new byte[100], 0, 100));
        assertTrue(failure.getMessage().startsWith("streamguard: stream truncated: "), failure.getMessage());
        assertEquals(StreamGuardException.Cause.TRUNCATED, failure.reason());
        assertSame(failure, assertThrows(StreamGuardException.class, () -> in.read(new byte[100], 0, 100)));
        assertSame(failure, assertThrows(StreamGuardException.class, in::read));
        in.close();
        assertEquals(Outcome.FAILED, onlyReport().outcome());
    }

    @Test
    void pullCloseBeforeTheEndReportsCancelled() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1);
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertEquals(E1, readOnce(in, 8192));
        assertTrue(reports.isEmpty(), "no report while the stream runs");
        in.close();
        assertTrue(upstream.closed);
        StreamReport report = onlyReport();
        assertEquals(Outcome.CANCELLED, report.outcome());
        assertEquals(Protocol.OPENAI_CHAT, report.protocol());
        assertNull(report.failureCause());
        in.close();
        assertEquals(1, reports.size(), "a second close makes no second report");
    }

    @Test
    void pullCloseBeforeAnyByteReportsCancelled() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream();
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        in.close();
        assertEquals(Outcome.CANCELLED, onlyReport().outcome());
        assertEquals(Protocol.UNKNOWN, onlyReport().protocol());
    }

    @Test
    void pullPassesAnUpstreamIoErrorOnAsItIs() throws Exception {
        IOException broken = new IOException("connection reset");
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(E1).fail(broken);
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertEquals(E1, readOnce(in, 8192));
        assertSame(broken, assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10)));
        in.close();
        StreamReport report = onlyReport();
        assertEquals(Outcome.UPSTREAM_IO_ERROR, report.outcome());
    }

    @Test
    void pullAfterAFailureCloseMakesNoSecondReport() throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(ERROR);
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertThrows(StreamGuardException.class, () -> in.read(new byte[10], 0, 10));
        in.close();
        assertEquals(Outcome.FAILED, onlyReport().outcome());
    }

    @Test
    void pullPassesAnUnknownStreamThroughReadingUpstreamOnlyOnDemand() throws Exception {
        String first = "data: {\"hello\":\"world\"}\n\n";
        ScriptedUpstream upstream = new ScriptedUpstream().deliver(first).deliver("data: 1\n\n").deliver("no framing at all").end();
        GuardedInputStream in = new GuardedInputStream(upstream, engine());
        assertEquals(first, readOnce(in, 8192));
        assertEquals(1, upstream.reads.get());
        assertEquals("data: 1\n\n", readOnce(in, 8192));
        assertEquals(2, upstream.reads.get(), "one upstream read per client read once passing through");
        assertEquals("no fr", readOnce(in, 5), "the client's buffer size bounds the upstream read");
        assertEquals("aming at all", readOnce(in, 8192));
        assertNull(readOnce(in, 8192));
        StreamReport report = onlyReport();
        assertEquals(Protocol.UNKNOWN, report.protocol());
        assertEquals(Outcome.COMPLETED, report.outcome());
        assertEquals(first.length() + 9 + 17, report.bytesIn());
        assertEquals(report.bytesIn(), report.bytesOut());
    }

    // ================================================================== push adapter

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private static String text(List<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.write(a, 0, a.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pushReturnsNothingForAPartialLineAndTheEventOnceComplete() {
        ChunkGuard guard = new ChunkGuard(engine());
        assertEquals(List.of(), guard.onNext(List.of(buffer(E1.substring(0, 25)))), "a partial line");
        assertEquals(List.of(), guard.onNext(List.of(buffer(E1.substring(25, E1.length() - 1)))), "a whole line, no blank line");
        List<ByteBuffer> out = guard.onNext(List.of(buffer(E1.substring(E1.length() - 1))));
        assertEquals(1, out.size());
        assertEquals(E1, text(out));
        // Several items in one call, the first completing nothing on its own.
        out = guard.onNext(List.of(buffer(E2.substring(0, 10)), buffer(E2.substring(10) + E3), buffer(DONE.substring(0, 4))));
        assertEquals(E2, text(out), "the finish chunk waits for the next event (D24)");
        assertEquals(E3 + DONE, text(guard.onNext(List.of(buffer(DONE.substring(4))))));
        assertEquals(List.of(), guard.onComplete());
        assertNull(guard.failure());
        StreamReport report = onlyReport();
        assertEquals(Outcome.COMPLETED, report.outcome());
        guard.onCancel();
        guard.onError(new IOException("late"));
        assertEquals(1, reports.size(), "nothing more is reported after the end");
    }

    @Test
    void pushReturnsBuffersTheCallerMayKeep() {
        ChunkGuard guard = new ChunkGuard(engine());
        byte[] bytes = (E1 + E2).getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<ByteBuffer> out = guard.onNext(List.of(in));
        java.util.Arrays.fill(bytes, (byte) 'x');
        assertEquals(E1 + E2, text(out), "the output does not alias the input");
        assertEquals(bytes.length, in.remaining(), "the input buffer's position is left alone");
    }

    /**
     * Chunks their owner shares: what passes unchanged leaves as views of them, a chunk of whole plain events as the
     * chunk itself, and only the guard's own bytes (events it took the full path for, an event split across chunks)
     * as copies. A view shows a later change to its chunk, which a copy would not.
     */
    @Test
    void sharedChunksLeaveAsViewsAndTheGuardsOwnBytesAsCopies() {
        String[] deltas = new String[8];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = E2.replace("Hi", "word" + i);
        }
        ChunkGuard guard = new ChunkGuard(engine());
        // The first delta of its shape takes the full path (its shape is learned there); the next ones are plain.
        byte[] bytes = (E1 + deltas[0] + deltas[1] + deltas[2] + deltas[3].substring(0, 10)).getBytes(StandardCharsets.UTF_8);
        // In the middle of a larger array, as a slice (an array offset) read from a position past its start.
        byte[] first = new byte[bytes.length + 9];
        System.arraycopy(bytes, 0, first, 7, bytes.length);
        ByteBuffer firstChunk = ByteBuffer.wrap(first, 2, bytes.length + 5).slice();
        firstChunk.position(5);
        List<ByteBuffer> out = guard.onNextShared(List.of(firstChunk));
        assertEquals(E1 + deltas[0] + deltas[1] + deltas[2], text(out));
        assertEquals(2, out.size(), "a copy of what took the full path, then a view of the plain events");
        assertNotSame(first, out.get(0).array());
        assertSame(first, out.get(1).array());
        assertEquals(7 + (E1 + deltas[0]).length(), out.get(1).arrayOffset() + out.get(1).position(),
                "the view starts where the plain events do in the array");
        assertEquals(5, firstChunk.position(), "the chunk's own position is left alone");

        // Read-only, as the JDK's HttpClient delivers them: copied through a lent buffer, views all the same.
        byte[] second = (deltas[3].substring(10) + deltas[4] + deltas[5]).getBytes(StandardCharsets.UTF_8);
        out = guard.onNextShared(List.of(ByteBuffer.wrap(second).asReadOnlyBuffer()));
        java.util.Arrays.fill(first, (byte) 'x');
        java.util.Arrays.fill(second, (byte) 'y');
        assertEquals(deltas[3] + "y".repeat(deltas[4].length() + deltas[5].length()), text(out),
                "the event split across chunks is the guard's copy; the plain events after it are the chunk's own bytes");

        ByteBuffer whole = ByteBuffer.wrap((deltas[6] + deltas[7]).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        out = guard.onNextShared(List.of(whole));
        assertEquals(1, out.size());
        assertSame(whole, out.get(0), "a chunk of plain events passes itself");
        assertEquals(deltas[6] + deltas[7], text(out));
        assertEquals(E3 + DONE, text(guard.onNextShared(List.of(buffer(E3 + DONE)))));
        assertEquals(List.of(), guard.onComplete());
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
    }

    /**
     * A shared read-only chunk larger than the lent buffer it is copied through: the views point at the right
     * bytes of the chunk from each copied piece, whatever the piece boundaries cut.
     */
    @Test
    void sharedChunksLargerThanTheLentBufferComeOutWhole() {
        StringBuilder sb = new StringBuilder(E1);
        for (int i = 0; i < 200; i++) {
            sb.append(E2.replace("Hi", "w" + i));
        }
        String body = sb.append(E3).append(DONE).toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {ReadBuffers.SIZE - 1, ReadBuffers.SIZE + 77, 3 * ReadBuffers.SIZE + 5, bytes.length}) {
            reports.clear();
            ChunkGuard guard = new ChunkGuard(engine());
            StringBuilder got = new StringBuilder();
            for (int at = 0; at < bytes.length; at += size) {
                ByteBuffer chunk = ByteBuffer.wrap(bytes, at, Math.min(size, bytes.length - at)).slice().asReadOnlyBuffer();
                got.append(text(guard.onNextShared(List.of(chunk))));
            }
            got.append(text(guard.onComplete()));
            assertEquals(body, got.toString(), "chunks of " + size);
            assertEquals(Outcome.COMPLETED, onlyReport().outcome());
        }
    }

    @Test
    void pushHandlesDirectBuffersLargerThanItsCopyBuffer() {
        ChunkGuard guard = new ChunkGuard(engine());
        String content = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + "\u00e9".repeat(9000) + "\"},\"finish_reason\":null}]}\n\n";
        String body = E1 + content + E3 + DONE;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder got = new StringBuilder();
        for (int at = 0; at < bytes.length; at += 20000) {
            got.append(text(guard.onNext(List.of(direct(bytes, at, 20000)))));
        }
        got.append(text(guard.onComplete()));
        assertEquals(body, got.toString());
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
    }

    /**
     * Two streams fed direct chunks in turn on one thread copy them through the same lent buffer, given back each time: each
     * gets its own bytes, events split across chunks or whole in one (passed on from the chunk itself once their
     * shape is learned), and the finish chunk held until the next event (D24) included,
     * as long as the guard keeps nothing it is fed beyond the call.
     */
    @Test
    void pushStreamsInTurnOnOneThreadEachGetTheirOwnBytes() {
        byte[] a = body("Hi");
        byte[] b = body("Hello there");
        ChunkGuard first = new ChunkGuard(engine());
        ChunkGuard second = new ChunkGuard(engine());
        StringBuilder gotA = new StringBuilder();
        StringBuilder gotB = new StringBuilder();
        // Chunks smaller than an event, and larger, so that events are also passed on from the chunk itself.
        int[] sizes = {7, 200, 61};
        int at = 0;
        for (int k = 0; at < b.length; k++) {
            int size = sizes[k % sizes.length];
            if (at < a.length) {
                gotA.append(text(first.onNext(List.of(direct(a, at, size)))));
            }
            gotB.append(text(second.onNext(List.of(direct(b, at, size)))));
            at += size;
        }
        gotA.append(text(first.onComplete()));
        gotB.append(text(second.onComplete()));
        assertEquals(new String(a, StandardCharsets.UTF_8), gotA.toString());
        assertEquals(new String(b, StandardCharsets.UTF_8), gotB.toString());
        assertEquals(2, reports.size());
        assertTrue(reports.stream().allMatch(r -> r.outcome() == Outcome.COMPLETED), () -> "both complete: " + reports);
    }

    /** A text completion of eight content deltas of one shape, {@code word} in each, a finish chunk and [DONE]. */
    private static byte[] body(String word) {
        StringBuilder sb = new StringBuilder(E1);
        for (int i = 0; i < 8; i++) {
            sb.append(E2.replace("Hi", word + i));
        }
        return sb.append(E3).append(DONE).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Up to {@code max} bytes of {@code bytes} from {@code at}, in a direct buffer (off the heap, as Netty's are). */
    private static ByteBuffer direct(byte[] bytes, int at, int max) {
        int n = Math.min(max, bytes.length - at);
        ByteBuffer direct = ByteBuffer.allocateDirect(n);
        direct.put(bytes, at, n).flip();
        return direct;
    }

    /** In observe mode, once a rule would have failed the stream, nothing more is analysed: buffers go straight on. */
    @Test
    void pushPassesBuffersStraightThroughOnceObserveStoppedAnalysing() {
        ChunkGuard guard = new ChunkGuard(engine(GuardRun.config("mode=observe")));
        String first = E1 + ERROR;
        assertEquals(first, text(guard.onNext(List.of(buffer(first)))));
        ByteBuffer a = buffer("data: {\"status\"");
        ByteBuffer b = buffer(":\"done\"}\n\nno framing");
        List<ByteBuffer> items = List.of(a, b);
        List<ByteBuffer> out = guard.onNext(items);
        assertEquals(2, out.size());
        assertSame(a, out.get(0), "the very buffers, not copies");
        assertSame(b, out.get(1));
        assertEquals(List.of(), guard.onComplete());
        StreamReport report = onlyReport();
        assertEquals(Protocol.OPENAI_CHAT, report.protocol());
        assertEquals(Outcome.FAILED, report.outcome());
        assertFalse(report.failureRaised());
        long total = first.length() + a.remaining() + b.remaining();
        assertEquals(total, report.bytesIn());
        assertEquals(total, report.bytesOut());
        assertEquals(Map.of(Deviation.D12, 1), report.deviations());
    }

    @Test
    void pushAfterAFailureReturnsTheBytesBeforeItAndSetsFailure() {
        ChunkGuard guard = new ChunkGuard(engine());
        assertEquals(E1, text(guard.onNext(List.of(buffer(E1)))));
        List<ByteBuffer> out = guard.onNext(List.of(buffer(E2 + ERROR.substring(0, 9)), buffer(ERROR.substring(9) + E3)));
        assertEquals(E2, text(out), "the bytes before the failing event");
        StreamGuardException failure = guard.failure();
        assertNotNull(failure);
        assertEquals("streamguard: upstream error: boom", failure.getMessage());
        assertEquals(List.of(), guard.onNext(List.of(buffer(DONE))), "nothing after the failure");
        assertEquals(List.of(), guard.onComplete());
        assertSame(failure, guard.failure());
        guard.onCancel();
        guard.onError(new IOException("late"));
        StreamReport report = onlyReport();
        assertEquals(Outcome.FAILED, report.outcome());
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, report.failureCause());
    }

    @Test
    void pushFailsAtCompleteWhenTheStreamIsTruncated() {
        ChunkGuard guard = new ChunkGuard(engine());
        assertEquals(E1 + E2, text(guard.onNext(List.of(buffer(E1 + E2 + E3.substring(0, 12))))));
        assertEquals(List.of(), guard.onComplete());
        assertNotNull(guard.failure());
        assertEquals(StreamGuardException.Cause.TRUNCATED, guard.failure().reason());
        assertTrue(guard.failure().getMessage().contains("the last event was cut off after 12 bytes"), guard.failure().getMessage());
        assertEquals(Outcome.FAILED, onlyReport().outcome());
    }

    @Test
    void pushRepairsAtCompleteAndDeliversTheAddedEvent() {
        ChunkGuard guard = new ChunkGuard(engine());
        assertEquals(E1, text(guard.onNext(List.of(buffer(E1 + E3)))), "the finish chunk waits for the next event (D24)");
        assertEquals(E3 + DONE, text(guard.onComplete()), "D14: [DONE] added at the end, after the finish chunk");
        assertNull(guard.failure());
        StreamReport report = onlyReport();
        assertEquals(Outcome.COMPLETED, report.outcome());
        assertEquals(1, report.count(Deviation.D14));
    }

    @Test
    void pushCancelAndUpstreamErrorAreReportedOnce() {
        ChunkGuard cancelled = new ChunkGuard(engine());
        cancelled.onNext(List.of(buffer(E1)));
        cancelled.onCancel();
        cancelled.onCancel();
        assertEquals(List.of(), cancelled.onComplete());
        assertEquals(Outcome.CANCELLED, onlyReport().outcome());

        reports.clear();
        ChunkGuard broken = new ChunkGuard(engine());
        broken.onNext(List.of(buffer(E1)));
        broken.onError(new IOException("reset"));
        broken.onCancel();
        assertEquals(Outcome.UPSTREAM_IO_ERROR, onlyReport().outcome());
    }

    @Test
    void exactlyOneReportPerStreamWhateverTheEnd() throws Exception {
        // Observe mode: a failure is reported, not raised, and the stream continues untouched.
        GuardConfig observe = GuardRun.config("mode=observe");
        GuardedInputStream in = new GuardedInputStream(new ScriptedUpstream().deliver(E1 + ERROR + E3 + DONE).end(), engine(observe));
        assertEquals(E1 + ERROR + E3 + DONE, readAll(in, 8192));
        in.close();
        StreamReport report = onlyReport();
        assertEquals(Outcome.FAILED, report.outcome());
        assertFalse(report.failureRaised());

        reports.clear();
        ChunkGuard observed = new ChunkGuard(engine(observe));
        assertEquals(E1 + ERROR, text(observed.onNext(List.of(buffer(E1 + ERROR)))));
        assertEquals(E3, text(observed.onNext(List.of(buffer(E3)))));
        observed.onComplete();
        assertNull(observed.failure());
        assertEquals(Outcome.FAILED, onlyReport().outcome());

        reports.clear();
        GuardedInputStream off = new GuardedInputStream(new ScriptedUpstream().deliver(E1).end(), engine(GuardRun.config("mode=off")));
        assertEquals(E1, readAll(off, 8192));
        off.close();
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
    }

    @Test
    void pullAndPushAgreeByteForByteOnARepairedStream() {
        // LiteLLM shape (D2, D3, D1, D4 repeated fields; D11; no [DONE]): both adapters give the same bytes.
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n";
        GuardRun whole = GuardRun.pull(body, GuardRun.config(""), null, dev.streamguard.testing.Chunking.whole());
        assertNull(whole.failure);
        assertTrue(whole.report.eventsRewritten() > 0);
        for (int at = 1; at < body.length(); at += 7) {
            GuardRun pull = GuardRun.pull(body, GuardRun.config(""), null, dev.streamguard.testing.Chunking.splitAt(at));
            GuardRun push = GuardRun.push(body, GuardRun.config(""), null, dev.streamguard.testing.Chunking.splitAt(at));
            assertArrayEquals(whole.output, pull.output, "pull split at " + at);
            assertArrayEquals(whole.output, push.output, "push split at " + at);
            assertEquals(whole.report.deviations(), push.report.deviations());
        }
    }

    /** A failed stream is never read again: its upstream is closed at once, whether or not the client closes it. */
    @Test
    void aFailureClosesTheUpstreamAtOnce() throws IOException {
        String error = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"boom\"}}\n\n" + "data: {\"more\":1}\n\n".repeat(100);
        AtomicInteger closes = new AtomicInteger();
        InputStream upstream = new java.io.ByteArrayInputStream(error.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 200));
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        StreamContext context = new StreamContext("http://x", "test", null, StreamReportListener.NONE);
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config(""), context));
        byte[] buf = new byte[8192];
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        StreamGuardException thrown = assertThrows(StreamGuardException.class, () -> {
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                read.write(buf, 0, n);
            }
        });
        assertEquals("streamguard: upstream error: boom", thrown.getMessage());
        assertEquals(error.substring(0, error.indexOf("data: {\"error\"")), read.toString(StandardCharsets.UTF_8),
                "the event before the failure still reaches the client");
        assertEquals(1, closes.get(), "closed when the failure was found, before the client closes anything");
        assertThrows(StreamGuardException.class, () -> in.read(buf, 0, buf.length));
        in.close();
        assertEquals(1, closes.get());
    }
}
