package dev.streamguard.benchmarks;

import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReportListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The push guard (as the event-loop clients use it) on the OpenAI text stream of {@link GuardThroughputBenchmark},
 * in 4 KiB chunks as a chunked HTTP body brings them: one stream at a time, and 500 streams interleaved chunk
 * by chunk on one thread, as a server reading 500 streams at once makes each chunk meet its stream's state after
 * 499 others. Both print microseconds per stream; their ratio is what interleaving alone costs the guard.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GuardInterleavingBenchmark {
    static final int STREAMS = 500;

    @Param({"4096"})
    public int chunkBytes;

    private final GuardConfig config = ConfigLoader.load(null, new Properties(), Map.of());
    private final ChunkGuard[] guards = new ChunkGuard[STREAMS];
    private List<ByteBuffer> chunks;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] body = StreamBodies.openAiText();
        GuardRun.checkPassesUnchanged(config, body);
        chunks = new ArrayList<>();
        for (int at = 0; at < body.length; at += chunkBytes) {
            chunks.add(ByteBuffer.wrap(body, at, Math.min(chunkBytes, body.length - at)).slice().asReadOnlyBuffer());
        }
    }

    private ChunkGuard newGuard() {
        StreamContext context = new StreamContext("http://127.0.0.1/v1/chat/completions", "bench", null, StreamReportListener.NONE);
        ChunkGuard guard = new ChunkGuard(new GuardEngine(config, context));
        guard.awaiting();
        return guard;
    }

    private static long next(ChunkGuard guard, ByteBuffer chunk) {
        long out = 0;
        for (ByteBuffer b : guard.onNext(Collections.singletonList(chunk.duplicate()))) {
            out += b.remaining();
        }
        guard.awaiting();
        return out;
    }

    private static long end(ChunkGuard guard) {
        long out = 0;
        for (ByteBuffer b : guard.onComplete()) {
            out += b.remaining();
        }
        return out;
    }

    @Benchmark
    public long oneAtATime() {
        ChunkGuard guard = newGuard();
        long out = 0;
        for (ByteBuffer chunk : chunks) {
            out += next(guard, chunk);
        }
        return out + end(guard);
    }

    @Benchmark
    @OperationsPerInvocation(STREAMS)
    public long interleaved() {
        for (int s = 0; s < STREAMS; s++) {
            guards[s] = newGuard();
        }
        long out = 0;
        for (ByteBuffer chunk : chunks) {
            for (int s = 0; s < STREAMS; s++) {
                out += next(guards[s], chunk);
            }
        }
        for (int s = 0; s < STREAMS; s++) {
            out += end(guards[s]);
            guards[s] = null;
        }
        return out;
    }
}
