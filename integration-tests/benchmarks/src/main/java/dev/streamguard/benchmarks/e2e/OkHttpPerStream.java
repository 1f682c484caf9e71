package dev.streamguard.benchmarks.e2e;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What the agent adds to an OkHttp stream read one at a time over a loopback socket, glue included: the concurrency
 * benchmark's body read with {@code ResponseBody.bytes()} on one thread, in rounds alternating between a URL the agent
 * guards and one it excludes. Prints, per stream, the median of the rounds' CPU time of the reading thread and the
 * bytes it allocated. The excluded URL must be given to the agent:
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -javaagent:agent/target/streamguard-agent.jar -Dstreamguard.exclude-urls=*&#47;text/excluded
 *     -cp integration-tests/benchmarks/target/benchmarks.jar dev.streamguard.benchmarks.e2e.OkHttpPerStream [rounds] [streams per round]</pre>
 */
public final class OkHttpPerStream {
    private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private OkHttpPerStream() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // Without it the JDK's server holds a body's last small write until the client acknowledges what came before
        // (Nagle's algorithm), which a client that delays its acknowledgements does milliseconds later: each stream
        // waited about 10 ms, most of a run.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (LoopbackUpstream upstream = new LoopbackUpstream(0)) {
            OkHttpClient client = new OkHttpClient();
            String[] urls = {upstream.url("/text"), upstream.url("/text/excluded")};
            checkOnlyTheFirstIsGuarded(client, urls);
            double[][] micros = new double[2][rounds];
            long[][] bytes = new long[2][rounds];
            // As many rounds again first, for the JIT.
            for (int r = -rounds; r < rounds; r++) {
                for (int kind = 0; kind < 2; kind++) {
                    long allocated = THREAD.getCurrentThreadAllocatedBytes();
                    long cpu = THREAD.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        read(client, urls[kind]);
                    }
                    if (r >= 0) {
                        micros[kind][r] = (THREAD.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound;
                        bytes[kind][r] = (THREAD.getCurrentThreadAllocatedBytes() - allocated) / perRound;
                    }
                }
            }
            System.out.printf("%d rounds of %d streams of each kind (%d B each), %s, medians per stream%n", rounds, perRound,
                    LoopbackUpstream.TEXT.length, Child.jvm());
            String[] names = {"guarded", "excluded"};
            for (int kind = 0; kind < 2; kind++) {
                System.out.printf("  %-9s %7.1f us CPU  %8d B allocated%n", names[kind], median(micros[kind]), median(bytes[kind]));
            }
            System.out.printf("  added     %+7.1f us      %+8d B%n", median(micros[0]) - median(micros[1]), median(bytes[0]) - median(bytes[1]));
        }
    }

    private static void read(OkHttpClient client, String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            byte[] body = response.body().bytes();
            if (!Arrays.equals(body, LoopbackUpstream.TEXT)) {
                throw new IllegalStateException("a stream came out changed: " + body.length + " bytes");
            }
        }
    }

    /** The agent gives a guarded response a body of its own making, and leaves the excluded one's as OkHttp made it. */
    private static void checkOnlyTheFirstIsGuarded(OkHttpClient client, String[] urls) throws IOException {
        Class<?>[] bodies = new Class<?>[2];
        for (int kind = 0; kind < 2; kind++) {
            try (Response response = client.newCall(new Request.Builder().url(urls[kind]).build()).execute()) {
                bodies[kind] = response.body().getClass();
                response.body().bytes();
            }
        }
        if (bodies[0] == bodies[1]) {
            throw new IllegalStateException("both URLs read alike: run with -javaagent:agent/target/streamguard-agent.jar"
                    + " -Dstreamguard.exclude-urls=*/text/excluded");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
