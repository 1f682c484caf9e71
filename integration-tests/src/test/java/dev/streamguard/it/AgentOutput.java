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
        assertTrue(lines.stream().noneMatch(l -> l.contains("WARNING") || l.contains("warning")), "no warnings: " + stderr);
    }
}
