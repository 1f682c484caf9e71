package dev.streamguard.benchmarks.e2e;

import com.sun.management.ThreadMXBean;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.runtime.GuardedStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What the guard adds to one stream of the concurrency benchmark's body, with nothing else in the way: in one JVM
 * with the agent installed (so that each stream is set up, reported and counted as in production), a stream at a
 * time on one thread, the pull guard (8 KiB reads; reads of an event each, as from an upstream that flushes every
 * event; 8 KiB reads with other work between them) and the push guard (chunks of 2, 4, 16 and 64 KiB, copied as for
 * Vert.x's direct buffers, and shared as for the JDK's HttpClient, HttpClient 5 async, Reactor Netty and Vert.x's heap
 * chunks) against the same reads without it, alternating round by round; and, for scale, the pull reads with one
 * pass over their bytes instead of the guard: a byte at a time for the blank lines that end events, eight bytes a
 * step for line feeds, and the JDK's own vectorized search of a string for them. Prints, per stream, the medians of
 * the rounds' times and the bytes the thread allocated. Without the agent there is no guard to measure, and it says
 * so.
 *
 * <pre>java -javaagent:agent/target/streamguard-agent.jar -cp integration-tests/benchmarks/target/benchmarks.jar dev.streamguard.benchmarks.e2e.GuardPerStream [rounds] [words]</pre>
 * ({@code words}: text events in the body, 600 as in the concurrency benchmark's unless given)
 */
public final class GuardPerStream {
    private static final String URL = "http://127.0.0.1:1/text";
    private static final int STREAMS_PER_ROUND = 500;
    /** Fewer for the reads after other work, which costs some 25 us a read by itself. */
    private static final int DISTURBED_STREAMS_PER_ROUND = 50;
    private static final int WARM_UP_ROUNDS = 60;
    private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW_SEVEN_BITS = 0x7f7f7f7f7f7f7f7fL;
    private static long sink;

    private GuardPerStream() {
    }

    /** One way to take a whole stream; returns the bytes the client got. */
    private interface Reader {
        long read(byte[] body) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // Fewer words than the benchmark's body: what a stream costs whatever its length (set-up, the first events'
        // full path, the report) shows apart from what each event adds.
        byte[] body = args.length > 1 ? LoopbackUpstream.text(Integer.parseInt(args[1])) : LoopbackUpstream.TEXT;
        checkGuardedUnchanged(body);
        System.out.printf("a body of %d B, %s%n", body.length, Child.jvm());
        byte[] readBuffer = new byte[8192];
        compare("pull, 8 KiB reads", body, rounds, STREAMS_PER_ROUND, b -> readAll(new ByteArrayInputStream(b), readBuffer, null),
                b -> readAll(guarded(b), readBuffer, null));
        // As from an upstream that flushes each event, which a client's read then gets alone.
        int[] eventEnds = eventEnds(body);
        compare("  an event a read", body, rounds, STREAMS_PER_ROUND, b -> readAll(new EventReads(b, eventEnds), readBuffer, null),
                b -> readAll(guarded(new EventReads(b, eventEnds)), readBuffer, null));
        // As in a client, where each read of the body comes after the socket's system call and the client's own work.
        OtherWork other = new OtherWork();
        compare("  after other work", body, rounds, DISTURBED_STREAMS_PER_ROUND,
                b -> readAll(new ByteArrayInputStream(b), readBuffer, other), b -> readAll(guarded(b), readBuffer, other));
        // No guard: the same reads, and one loop over each read's bytes that only looks for where events end, which
        // any guard must find; what the guard adds is set beside it.
        compare("  one pass, no guard", body, rounds, STREAMS_PER_ROUND, b -> readAll(new ByteArrayInputStream(b), readBuffer, null),
                b -> readAllFindingEventEnds(new ByteArrayInputStream(b), readBuffer), "with the pass");
        compare("  8 bytes a step", body, rounds, STREAMS_PER_ROUND, b -> readAll(new ByteArrayInputStream(b), readBuffer, null),
                b -> readAllCountingLineFeeds(new ByteArrayInputStream(b), readBuffer), "with the pass");
        compare("  the JDK's search", body, rounds, STREAMS_PER_ROUND, b -> readAll(new ByteArrayInputStream(b), readBuffer, null),
                b -> readAllSearchingLineFeeds(new ByteArrayInputStream(b), readBuffer), "with the pass");
        for (int chunk : new int[] {2048, 4096, 16384, 65536}) {
            compare("push, " + chunk / 1024 + " KiB chunks", body, rounds, STREAMS_PER_ROUND, b -> plainChunks(b, chunk),
                    b -> pushThrough(b, chunk, false, null));
            compare("  shared", body, rounds, STREAMS_PER_ROUND, b -> plainChunks(b, chunk), b -> pushThrough(b, chunk, true, null));
        }
        System.out.println("(" + sink + ")");
    }

    private static void compare(String what, byte[] body, int rounds, int streams, Reader plain, Reader guarded) throws IOException {
        compare(what, body, rounds, streams, plain, guarded, "guarded");
    }

    private static void compare(String what, byte[] body, int rounds, int streams, Reader plain, Reader guarded, String guardedName)
            throws IOException {
        List<Long> plainNanos = new ArrayList<>();
        List<Long> guardedNanos = new ArrayList<>();
        List<Long> plainBytes = new ArrayList<>();
        List<Long> guardedBytes = new ArrayList<>();
        for (int r = 0; r < WARM_UP_ROUNDS + rounds; r++) {
            long[] p = round(plain, body, streams);
            long[] g = round(guarded, body, streams);
            if (r >= WARM_UP_ROUNDS) {
                plainNanos.add(p[0]);
                plainBytes.add(p[1]);
                guardedNanos.add(g[0]);
                guardedBytes.add(g[1]);
            }
        }
        double pn = perStream(plainNanos, streams) / 1e3;
        double gn = perStream(guardedNanos, streams) / 1e3;
        double pb = perStream(plainBytes, streams);
        double gb = perStream(guardedBytes, streams);
        System.out.printf("%-20s without %7.2f us %8.0f B   %s %7.2f us %8.0f B   added %6.2f us %8.0f B  (medians of %d rounds of %d streams)%n",
                what, pn, pb, guardedName, gn, gb, gn - pn, gb - pb, rounds, streams);
    }

    /** Time (ns) and bytes allocated over one round. */
    private static long[] round(Reader reader, byte[] body, int streams) throws IOException {
        long bytes = THREAD.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            sink += reader.read(body);
        }
        long nanos = System.nanoTime() - start;
        return new long[] {nanos, THREAD.getCurrentThreadAllocatedBytes() - bytes};
    }

    /** The median round's figure, per stream. */
    private static double perStream(List<Long> rounds, int streams) {
        return (double) Child.median(rounds) / streams;
    }

    private static InputStream guarded(byte[] body) {
        return guarded(new ByteArrayInputStream(body));
    }

    private static InputStream guarded(InputStream upstream) {
        return GuardedStreams.guard(upstream, "jdk-httpclient", URL, null, null, null);
    }

    /** Where each event of {@code body} ends (after its blank line). */
    private static int[] eventEnds(byte[] body) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i < body.length; i++) {
            if (body[i] == '\n' && body[i - 1] == '\n') {
                ends.add(i + 1);
            }
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A body whose reads end at its events' ends, at most one event a read. */
    private static final class EventReads extends InputStream {
        private final byte[] body;
        private final int[] ends;
        private int event;
        private int pos;

        EventReads(byte[] body, int[] ends) {
            this.body = body;
            this.ends = ends;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == body.length) {
                return -1;
            }
            int end = event < ends.length ? ends[event] : body.length;
            int n = Math.min(len, end - pos);
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            if (pos == end) {
                event++;
            }
            return n;
        }
    }

    /** Reads the whole stream; after each read, the other work if given. */
    private static long readAll(InputStream in, byte[] buffer, OtherWork other) throws IOException {
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                total += n;
                if (other != null) {
                    other.run();
                }
            }
        }
        return total;
    }

    /** Reads the whole stream and counts the blank lines in it, a byte at a time; returns the bytes and the count. */
    private static long readAllFindingEventEnds(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        int previous = 0;
        try (in) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                total += n;
                for (int i = 0; i < n; i++) {
                    int b = buffer[i];
                    if (b == '\n' && previous == '\n') {
                        total++;
                    }
                    previous = b;
                }
            }
        }
        return total;
    }

    /**
     * Reads the whole stream and counts the line feeds in it, eight bytes at a step (the bytes of a word that equal a
     * line feed become zero bytes, each of which leaves its high bit clear after an addition that carries out of every
     * other byte); returns the bytes and the count.
     */
    private static long readAllCountingLineFeeds(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                total += n;
                int i = 0;
                for (; i + Long.BYTES <= n; i += Long.BYTES) {
                    long x = (long) LONGS.get(buffer, i) ^ LINE_FEEDS;
                    total += Long.bitCount(~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS));
                }
                for (; i < n; i++) {
                    if (buffer[i] == '\n') {
                        total++;
                    }
                }
            }
        }
        return total;
    }

    /**
     * Reads the whole stream and counts the line feeds in it with {@link String#indexOf(int, int)}, which the JDK
     * compiles to vector instructions for a Latin-1 string (a copy of each read's bytes); returns the bytes and the
     * count.
     */
    @SuppressWarnings("deprecation") // The one constructor that copies bytes into a Latin-1 string without decoding them.
    private static long readAllSearchingLineFeeds(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                total += n;
                String read = new String(buffer, 0, 0, n);
                for (int i = read.indexOf('\n'); i >= 0; i = read.indexOf('\n', i + 1)) {
                    total++;
                }
            }
        }
        return total;
    }

    /**
     * What a client does between two reads of a body, in caricature: a system call (a read of a small file) and a pass
     * over 2 MiB of its own data, which leave the caches and the branch predictors to the next read as another workload
     * would. Its own cost is in both kinds of stream alike.
     */
    private static final class OtherWork {
        private final FileChannel file;
        private final ByteBuffer page = ByteBuffer.allocateDirect(4096);
        private final byte[] data = new byte[2 << 20];

        OtherWork() throws IOException {
            Path path = Files.createTempFile("streamguard-bench", ".bin");
            path.toFile().deleteOnExit();
            Files.write(path, new byte[4096]);
            file = FileChannel.open(path, StandardOpenOption.READ);
        }

        void run() throws IOException {
            page.clear();
            file.read(page, 0);
            long s = 0;
            for (int i = 0; i < data.length; i += 64) {
                s += data[i];
            }
            sink += s;
        }
    }

    /** Without the agent, a push client keeps the chunks it is given. */
    private static long plainChunks(byte[] body, int chunk) {
        long total = 0;
        for (int off = 0; off < body.length; off += chunk) {
            total += ByteBuffer.wrap(body, off, Math.min(chunk, body.length - off)).remaining();
        }
        return total;
    }

    /**
     * The push guard's calls as the adapters make them, with chunks {@code shared} or not; the output is appended to
     * {@code out} if given.
     */
    private static long pushThrough(byte[] body, int chunk, boolean shared, ByteArrayOutputStream out) {
        ChunkGuard guard = GuardedStreams.chunkGuard("reactor-netty", URL, null, null, () -> false);
        long total = 0;
        for (int off = 0; off < body.length; off += chunk) {
            guard.awaiting();
            List<ByteBuffer> in = Collections.singletonList(ByteBuffer.wrap(body, off, Math.min(chunk, body.length - off)));
            total += take(shared ? guard.onNextShared(in) : guard.onNext(in), out);
            if (guard.terminalReached()) {
                guard.startDraining();
            }
        }
        return total + take(guard.onComplete(), out);
    }

    private static long take(List<ByteBuffer> buffers, ByteArrayOutputStream out) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
            if (out != null) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
        }
        return n;
    }

    /**
     * There is a guard (the agent is installed), and the body, a compliant stream, comes through both guards byte for
     * byte: otherwise this would measure something else.
     */
    private static void checkGuardedUnchanged(byte[] body) throws IOException {
        byte[] pulled;
        try (InputStream in = guarded(body)) {
            if (!(in instanceof GuardedInputStream)) {
                throw new IllegalStateException("no guard: run with -javaagent:agent/target/streamguard-agent.jar");
            }
            pulled = in.readAllBytes();
        }
        ByteArrayOutputStream pushed = new ByteArrayOutputStream();
        pushThrough(body, 4096, false, pushed);
        ByteArrayOutputStream shared = new ByteArrayOutputStream();
        pushThrough(body, 4096, true, shared);
        if (!Arrays.equals(pulled, body) || !Arrays.equals(pushed.toByteArray(), body) || !Arrays.equals(shared.toByteArray(), body)) {
            throw new IllegalStateException("the guard changed the benchmark's body");
        }
    }
}
