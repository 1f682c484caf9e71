package dev.streamguard.benchmarks;

import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
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

/**
 * Where the guard's time goes on the Anthropic tool-use stream of {@link GuardThroughputBenchmark}: the same
 * stream whole, with its tool input sent as {@code {}} in one delta instead of 2 KiB in 127 deltas, and with
 * only its three message events. The differences are what the tool input's events and the content blocks
 * cost; the last is what any stream costs (the guard's set-up and its end included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class GuardCostBreakdownBenchmark {
    @Param({"whole", "empty-input", "message-events-only"})
    public String stream;

    private byte[] body;
    private final byte[] readBuffer = new byte[8192];
    private final GuardConfig config = ConfigLoader.load(null, new Properties(), Map.of());

    @Setup(Level.Trial)
    public void setUp() {
        switch (stream) {
            case "whole":
                body = StreamBodies.anthropicToolUse();
                break;
            case "empty-input":
                body = StreamBodies.anthropicToolUseWithEmptyInput();
                break;
            default:
                body = StreamBodies.anthropicMessageEventsOnly();
        }
        System.out.println("\n" + stream + ": " + body.length + " bytes");
        GuardRun.checkPassesUnchanged(config, body);
    }

    @Benchmark
    public long guard() throws IOException {
        return GuardRun.guard(config, body, readBuffer);
    }
}
