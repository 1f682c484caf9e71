package dev.streamguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The guard and jackson-core's tokenization of {@link GuardThroughputBenchmark}, on one body, in alternating
 * rounds in one JVM: on a shared machine whose speed changes from minute to minute (and JMH forks with it), the
 * ratio of two measurements taken a moment apart is what holds still. Each round repeats one of the two for
 * {@value #ROUND_MILLIS} ms and gives its time per stream; three rounds of each warm up first. The figure to quote
 * is the median of the rounds' ratios (jackson-core's time over the guard's, in each pair of rounds).
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.streamguard.benchmarks.GuardSideBySide [rounds] stream</pre>
 */
public final class GuardSideBySide {
    private static final long ROUND_MILLIS = 400;
    private static final int WARM_UP_ROUNDS = 3;

    private GuardSideBySide() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 1 ? Integer.parseInt(args[0]) : 15;
        BenchmarkStream stream = new BenchmarkStream(args.length > 1 ? args[1] : args.length > 0 ? args[0] : "anthropic-tool-use");
        GuardConfig config = ConfigLoader.load(null, new Properties(), Map.of());
        GuardRun.checkPassesUnchanged(config, stream.body);
        byte[] readBuffer = new byte[8192];
        JsonFactory json = new JsonFactory();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        List<Double> guard = new ArrayList<>();
        List<Double> jackson = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long[] sink = new long[1];
        for (int r = 0; r < WARM_UP_ROUNDS + rounds; r++) {
            double g = microsPerStream(() -> sink[0] += GuardRun.guard(config, stream.body, readBuffer));
            double j = microsPerStream(() -> stream.tokenize(json, bh));
            if (r >= WARM_UP_ROUNDS) {
                guard.add(g);
                jackson.add(j);
                ratios.add(j / g);
            }
        }
        bh.consume(sink[0]);
        double g = median(guard);
        double j = median(jackson);
        System.out.printf("%s, %d bytes, %d rounds of %d ms each, alternating%n", stream.name, stream.body.length, rounds, ROUND_MILLIS);
        System.out.printf("guard          median %8.2f us per stream (min %.2f, max %.2f)%n", g, Collections.min(guard), Collections.max(guard));
        System.out.printf("jacksonTokens  median %8.2f us per stream (min %.2f, max %.2f)%n", j, Collections.min(jackson), Collections.max(jackson));
        System.out.printf("guard / jackson-core throughput: %.2fx (median of the %d rounds' ratios; %.2fx of the medians)%n", median(ratios),
                rounds, j / g);
    }

    private interface Operation {
        void run() throws IOException;
    }

    private static double microsPerStream(Operation op) throws IOException {
        long start = System.nanoTime();
        long deadline = start + ROUND_MILLIS * 1_000_000L;
        long n = 0;
        long now;
        do {
            op.run();
            n++;
        } while ((now = System.nanoTime()) < deadline);
        return (now - start) / 1000.0 / n;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
