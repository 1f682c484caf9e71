package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built agent jar keeps its two halves apart: the top level, which the JVM puts on the boot class path, and
 * {@code streamguard-internals/}, which only the agent's own class loader reads. That loader defines its
 * {@code dev.streamguard.} classes without asking the boot class path first, so a class in both halves would
 * exist twice, and the bridges the instrumented code calls would no longer be the ones the agent sees.
 */
class AgentJarLayoutIT {
    private static final String INTERNALS = "streamguard-internals/";

    @Test
    void everyClassIsTheAgentsOwnAndInOneHalfOnly() throws Exception {
        Set<String> boot = new HashSet<>();
        Set<String> internals = new HashSet<>();
        List<String> foreign = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                boolean internal = name.startsWith(INTERNALS);
                String path = internal ? name.substring(INTERNALS.length()) : name;
                if (!path.startsWith("dev/streamguard/")) {
                    foreign.add(name);
                }
                (internal ? internals : boot).add(path);
            }
        }
        assertEquals(List.of(), foreign, "classes outside dev/streamguard/ could clash with the application's");
        assertTrue(boot.contains("dev/streamguard/runtime/GuardedStreams.class"), "the bridges are on the boot class path");
        assertTrue(internals.contains("dev/streamguard/agent/install/ClientClassTransformer.class"), "the instrumentation is internal");
        assertTrue(internals.size() > 1000, "Byte Buddy is internal: " + internals.size() + " classes");
        Set<String> both = new HashSet<>(boot);
        both.retainAll(internals);
        assertEquals(Set.of(), both, "classes in both halves of the jar");
    }
}
