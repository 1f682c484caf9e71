package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the agent may print on a healthy start: its one start line, the anomaly log's lines about the streams
 * it repaired or failed, and nothing else, from itself or from the JVM about it.
 */
final class AgentOutput {
    private AgentOutput() {
    }

    static void assertCleanStart(String stderr) {
        List<String> lines = Arrays.stream(stderr.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
        List<String> agent = lines.stream().filter(l -> l.contains("streamguard"))
                .filter(l -> !l.contains(" streamguard - stream ts=")).collect(Collectors.toList());
        assertEquals(1, agent.size(), "one line from the agent besides its anomaly log: " + stderr);
        assertTrue(agent.get(0).contains("streamguard ") && agent.get(0).contains(" active"), stderr);
        assertTrue(withoutOthersJdkWarnings(lines).stream().noneMatch(l -> l.contains("WARNING") || l.contains("warning")),
                "no warnings: " + stderr);
    }

    /**
     * Without the JDK's four-line warnings about another library than StreamGuard, the second line naming the
     * caller: that it loaded a native library (22 and later; Netty its transport), or that it called a
     * terminally deprecated {@code sun.misc.Unsafe} method (24 and later; Netty 4.1 allocating memory).
     */
    private static List<String> withoutOthersJdkWarnings(List<String> lines) {
        List<String> kept = new java.util.ArrayList<>(lines);
        for (int i = 1; i + 2 < kept.size(); i++) {
            String caller = kept.get(i);
            if (!caller.contains(" has been called by ") || caller.contains("streamguard")) {
                continue;
            }
            boolean nativeAccess = kept.get(i - 1).startsWith("WARNING: A restricted method")
                    && kept.get(i + 1).startsWith("WARNING: Use --enable-native-access")
                    && kept.get(i + 2).startsWith("WARNING: Restricted methods will be blocked");
            boolean unsafe = kept.get(i - 1).startsWith("WARNING: A terminally deprecated method in sun.misc.Unsafe")
                    && kept.get(i + 1).startsWith("WARNING: Please consider reporting this to the maintainers")
                    && kept.get(i + 2).matches("WARNING: sun\\.misc\\.Unsafe::\\w+ will be removed in a future release");
            if (nativeAccess || unsafe) {
                kept.subList(i - 1, i + 3).clear();
                i = 0;
            }
        }
        return kept;
    }
}
