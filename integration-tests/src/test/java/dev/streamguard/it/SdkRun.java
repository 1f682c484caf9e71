package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One forked JVM of an SDK's client making one call per root URL, and what the application saw of each. */
final class SdkRun {
    private static final AtomicInteger RUNS = new AtomicInteger();

    final ForkedJvm.Exit exit;
    final List<ChatResult> results;
    private SdkRun(ForkedJvm.Exit exit, List<ChatResult> results) {
        this.exit = exit;
        this.results = results;
    }

    /** A unique path segment for a run's URLs, {@code /r/<n>}, so that recorded requests can be told apart. */
    static String newTag() {
        return "/r/" + RUNS.incrementAndGet();
    }

    /**
     * Runs the SDK's client on a JDK with these JVM options, one call per root URL, each given
     * {@code callTimeoutMillis} before it counts as hung; the JVM must exit normally and report every call.
     */
    static SdkRun run(Sdk sdk, Jdks.Jdk jdk, List<String> jvmOptions, List<String> roots, long callTimeoutMillis,
                      long processTimeoutSeconds) throws Exception {
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(jdk, jvmOptions, sdk.classpath(), sdk.main,
                sdk.arguments(callTimeoutMillis, roots)), processTimeoutSeconds);
        assertEquals(0, exit.code, "client exit: " + exit);
        Map<Integer, ChatResult> parsed = ChatResult.parse(exit.stdout);
        assertEquals(roots.size(), parsed.size(), "a result for every call; " + exit);
        assertLabels(roots, parsed);
        return new SdkRun(exit, new ArrayList<>(parsed.values()));
    }

    /**
     * Asserts that each result is the one of its call: the label the application printed for call {@code i} is
     * the root URL of target {@code i} (without {@code #wait=}). A call without a result is not checked here.
     */
    static void assertLabels(List<String> targets, Map<Integer, ChatResult> results) {
        for (Map.Entry<Integer, ChatResult> r : results.entrySet()) {
            int i = r.getKey();
            assertTrue(i >= 0 && i < targets.size(), "a result for call " + i + " of " + targets.size());
            assertEquals(StreamingServer.withoutWait(targets.get(i)), r.getValue().label, "call " + i);
        }
    }
}
