package dev.streamguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation processes one whole stream body. Three ways side by side on the same bytes:
 * {@code guard} (the pull adapter read with an 8 KiB buffer, as a client reads a socket),
 * {@code jacksonTokens} (jackson-core tokenizing each event's JSON, with the event boundaries found in
 * advance: SSE framing is not counted for Jackson), and {@code copy} (the same reads with no guard).
 * Throughput in MB/s is operations per second times the body size printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class GuardThroughputBenchmark {
    @Param({"openai-tool-call", "openai-text", "anthropic-tool-use", "responses-tool-call", "responses-text", "gemini-function-call",
        "gemini-text"})
    public String stream;

    private BenchmarkStream bench;
    private byte[] body;
    private final byte[] readBuffer = new byte[8192];
    private final JsonFactory json = new JsonFactory();
    private final GuardConfig config = ConfigLoader.load(null, new Properties(), Map.of());

    @Setup(Level.Trial)
    public void setUp() {
        bench = new BenchmarkStream(stream);
        body = bench.body;
        System.out.println("\n" + stream + ": " + body.length + " bytes, " + bench.events() + " JSON events");
        GuardRun.checkPassesUnchanged(config, body);
    }

    @Benchmark
    public long guard() throws IOException {
        return GuardRun.guard(config, body, readBuffer);
    }

    @Benchmark
    public long copy() throws IOException {
        return GuardRun.drain(new ByteArrayInputStream(body), readBuffer);
    }

    @Benchmark
    public void jacksonTokens(Blackhole bh) throws IOException {
        bench.tokenize(json, bh);
    }
}
