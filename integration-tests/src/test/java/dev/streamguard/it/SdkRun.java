package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        List<ChatResult> results = new ArrayList<>(parsed.values());
        for (int i = 0; i < roots.size(); i++) {
            String root = roots.get(i);
            assertEquals(root.contains("#wait=") ? root.substring(0, root.indexOf("#wait=")) : root, results.get(i).label, "call " + i);
        }
        return new SdkRun(exit, results);
    }
}
