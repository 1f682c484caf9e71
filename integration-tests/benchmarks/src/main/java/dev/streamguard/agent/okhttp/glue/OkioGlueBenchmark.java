package dev.streamguard.agent.okhttp.glue;

import dev.streamguard.benchmarks.e2e.LoopbackUpstream;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReportListener;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * What OkHttp's glue costs around the guard, without sockets or threads: bodies of the concurrency benchmark's
 * 600-token stream come from an Okio source 8 KiB at a time (as OkHttp's socket source fills its buffer), and are
 * read as OkHttp's {@code ResponseBody.bytes()} reads them, in 8 KiB steps into an Okio buffer and then out as one
 * array. Three ways: the body as it is; guarded through {@code Okio.source} over the guard's stream (the glue before
 * 2026-12-05), which copies the body into the guard's buffer and offers the guard only the room left in the reader's
 * last segment; and guarded through the glue's own {@link GuardedSource} and {@link SegmentUpstream}. Each round
 * reads 500 streams, one at a time or all 500 in flight read in turn (whose bytes are then cold in the caches, as
 * under the concurrency benchmark), and takes the reading thread's CPU time; the three ways alternate round by
 * round in one JVM, and each prints its median per stream.
 * Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp integration-tests/benchmarks/target/benchmarks.jar:agent/target/classes
 * dev.streamguard.agent.okhttp.glue.OkioGlueBenchmark [rounds]} (after the benchmarks profile's build).
 */
public final class OkioGlueBenchmark {
    private static final String URL = "http://127.0.0.1/v1/chat/completions";
    private static final int STREAMS = 500;
    private static final int WARM_UP_ROUNDS = 20;
    private static final String[] WAYS = {"without the guard", "Okio.source over the guard", "the glue's source and segments"};
    private static final byte[] BODY = LoopbackUpstream.textBody();
    private static final GuardConfig CONFIG = ConfigLoader.load(null, new Properties(), Map.of());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OkioGlueBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        System.out.printf("%d streams of %d B a round, medians of %d rounds after %d, Java %s%n", STREAMS, BODY.length, rounds,
                WARM_UP_ROUNDS, System.getProperty("java.version"));
        for (int inFlight : new int[] {1, STREAMS}) {
            long[][] cpu = new long[WAYS.length][rounds];
            for (int r = 0; r < WARM_UP_ROUNDS + rounds; r++) {
                for (int way = 0; way < WAYS.length; way++) {
                    long nanos = round(inFlight, way);
                    if (r >= WARM_UP_ROUNDS) {
                        cpu[way][r - WARM_UP_ROUNDS] = nanos;
                    }
                }
            }
            for (int way = 0; way < WAYS.length; way++) {
                Arrays.sort(cpu[way]);
                System.out.printf("  %3d in flight  %-32s %7.2f us CPU per stream%n", inFlight, WAYS[way], cpu[way][rounds / 2] / (double) STREAMS / 1e3);
            }
        }
    }

    private static long round(int inFlight, int way) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int first = 0; first < STREAMS; first += inFlight) {
            BufferedSource[] bodies = new BufferedSource[inFlight];
            Buffer[] read = new Buffer[inFlight];
            for (int i = 0; i < inFlight; i++) {
                bodies[i] = open(way);
                read[i] = new Buffer();
            }
            for (int open = inFlight; open > 0; ) {
                for (int i = 0; i < inFlight; i++) {
                    if (bodies[i] != null && bodies[i].read(read[i], 8192) < 0) {
                        if (!Arrays.equals(read[i].readByteArray(), BODY)) {
                            throw new IllegalStateException(WAYS[way] + " changed the body");
                        }
                        bodies[i].close();
                        bodies[i] = null;
                        open--;
                    }
                }
            }
        }
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static BufferedSource open(int way) {
        BufferedSource upstream = Okio.buffer(new SocketLikeSource());
        if (way == 0) {
            return upstream;
        }
        GuardEngine engine = new GuardEngine(CONFIG, new StreamContext(URL, "okhttp", null, StreamReportListener.NONE));
        if (way == 1) {
            return Okio.buffer(Okio.source(new GuardedInputStream(upstream.inputStream(), engine, null)));
        }
        InputStream guarded = new GuardedInputStream(upstream.inputStream(), new SegmentUpstream(upstream), engine, null);
        return Okio.buffer(new GuardedSource(guarded));
    }

    /** The body, at most 8 KiB a read, copied into the reader's segments as a socket read copies into them. */
    private static final class SocketLikeSource implements Source {
        private int at;

        @Override
        public long read(Buffer sink, long byteCount) {
            if (at >= BODY.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(byteCount, 8192), BODY.length - at);
            sink.write(BODY, at, n);
            at += n;
            return n;
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }
}
