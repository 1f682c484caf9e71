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
        assertTrue(withoutOthersNativeAccess(lines).stream().noneMatch(l -> l.contains("WARNING") || l.contains("warning")),
                "no warnings: " + stderr);
    }

    /**
     * Without the JDK's warning (22 and later) that a library other than StreamGuard loaded a native library (Netty
     * its transport): four lines, the second naming the caller.
     */
    private static List<String> withoutOthersNativeAccess(List<String> lines) {
        List<String> kept = new java.util.ArrayList<>(lines);
        for (int i = 1; i + 2 < kept.size(); i++) {
            String caller = kept.get(i);
            if (kept.get(i - 1).startsWith("WARNING: A restricted method") && caller.contains(" has been called by ")
                    && !caller.contains("streamguard") && kept.get(i + 1).startsWith("WARNING: Use --enable-native-access")
                    && kept.get(i + 2).startsWith("WARNING: Restricted methods will be blocked")) {
                kept.subList(i - 1, i + 3).clear();
                i = 0;
            }
        }
        return kept;
    }
}
