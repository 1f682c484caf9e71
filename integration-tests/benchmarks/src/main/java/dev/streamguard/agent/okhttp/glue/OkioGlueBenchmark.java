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
 * 600-token stream come from an Okio source in pieces of a given size (what each socket read brings), and are read
 * as OkHttp's {@code ResponseBody.bytes()} reads them, in 8 KiB steps into an Okio buffer and then out as one array.
 * Three ways: the body as it is; guarded, the guard reading the body's {@code InputStream} (the glue before
 * 2026-12-05: a copy of every byte into the guard's buffer first); and guarded, the guard reading Okio's segments in
 * place ({@link SegmentUpstream}, the glue now). The application reads the guard through {@code Okio.source} both
 * times. Each round reads 500 streams, one at a time or all 500 in flight read in turn (whose bytes are then cold in
 * the caches, as under the concurrency benchmark), and takes the reading thread's CPU time; the three ways alternate
 * round by round in one JVM, and each prints its median per stream.
 * Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp integration-tests/benchmarks/target/benchmarks.jar:agent/target/classes
 * dev.streamguard.agent.okhttp.glue.OkioGlueBenchmark [rounds] [piece bytes]} (defaults 31 and 8192; after the
 * benchmarks profile's build).
 */
public final class OkioGlueBenchmark {
    private static final String URL = "http://127.0.0.1/v1/chat/completions";
    private static final int STREAMS = 500;
    private static final int WARM_UP_ROUNDS = 20;
    private static final String[] WAYS = {"without the guard", "guard reading the stream", "guard reading the segments"};
    private static final byte[] BODY = LoopbackUpstream.textBody();
    private static final GuardConfig CONFIG = ConfigLoader.load(null, new Properties(), Map.of());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static int piece;

    private OkioGlueBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        piece = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        System.out.printf("%d streams of %d B a round in pieces of %d B, medians of %d rounds after %d, Java %s%n", STREAMS, BODY.length,
                piece, rounds, WARM_UP_ROUNDS, System.getProperty("java.version"));
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
                System.out.printf("  %3d in flight  %-28s %7.2f us CPU per stream%n", inFlight, WAYS[way], cpu[way][rounds / 2] / (double) STREAMS / 1e3);
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
        InputStream guarded = way == 1 ? new GuardedInputStream(upstream.inputStream(), engine, null)
                : new GuardedInputStream(upstream.inputStream(), new SegmentUpstream(upstream), engine, null);
        return Okio.buffer(Okio.source(guarded));
    }

    /** The body, a piece a read, copied into the reader's segments as a socket read copies into them. */
    private static final class SocketLikeSource implements Source {
        private int at;

        @Override
        public long read(Buffer sink, long byteCount) {
            if (at >= BODY.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(byteCount, piece), BODY.length - at);
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
