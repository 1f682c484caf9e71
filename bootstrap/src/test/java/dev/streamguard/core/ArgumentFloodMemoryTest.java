package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.testing.ArgumentFloodMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * D20 and the bounded-memory promise (DESIGN.md section 4), end to end in a forked JVM with a 64 MiB heap:
 * a glitched model's tool-argument flood, generated lazily ({@link ArgumentFloodMain}), goes through
 * {@link GuardedInputStream}. With the default caps the stream fails at 4 MiB; with the caps raised to
 * 2 GiB a whole GiB of arguments streams through. Either way the heap must not grow by more than 16 MiB.
 */
class ArgumentFloodMemoryTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long MAX_GROWTH = 16 * MIB;

    @ParameterizedTest(name = "endless {0}")
    @ValueSource(strings = {"string", "array"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void defaultCapsFailTheFloodAtFourMiB(String kind) throws Exception {
        Map<String, String> r = runChild("default", kind, GIB);
        assertEquals("failed", r.get("outcome"), r::toString);
        String message = r.get("message");
        assertTrue(message.startsWith("streamguard: tool call 0"), message);
        assertTrue(message.contains("exceeded 4MiB (streamguard.tool-args.max-bytes)"), "names the cap: " + message);
        long upstream = Long.parseLong(r.get("upstreamBytes"));
        long delivered = Long.parseLong(r.get("deliveredBytes"));
        assertTrue(upstream >= 4 * MIB && upstream < 4 * MIB + MIB / 2, "read about 4 MiB from upstream: " + upstream);
        assertTrue(delivered < upstream && delivered > 4 * MIB, "delivered everything before the event over the cap: " + delivered);
        assertEquals(4 * MIB, Long.parseLong(r.get("argumentBytes")), "argument bytes the flood had sent when it was stopped");
        assertTrue(r.get("report").contains("outcome=FAILED, failure=CAP_EXCEEDED"), r.get("report"));
        assertTrue(r.get("report").contains("caps=[CALL_ARGUMENTS]"), r.get("report"));
        assertGrowthBounded(r);
    }

    @ParameterizedTest(name = "closing {0}")
    @ValueSource(strings = {"array", "string"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void raisedCapsLetAWholeGibibyteOfArgumentsThrough(String kind) throws Exception {
        Map<String, String> r = runChild("raised", kind, GIB);
        assertEquals("completed", r.get("outcome"), r::toString);
        long body = Long.parseLong(r.get("bodyBytes"));
        assertTrue(body > GIB, "the body holds over 1 GiB: " + body);
        assertEquals(GIB, Long.parseLong(r.get("argumentBytes")));
        assertEquals(body, Long.parseLong(r.get("upstreamBytes")), "the whole body was read");
        assertEquals(body, Long.parseLong(r.get("deliveredBytes")), "a compliant flood passes byte for byte");
        assertTrue(r.get("report").contains("outcome=COMPLETED, deviations={}, caps=[]"), r.get("report"));
        assertGrowthBounded(r);
    }

    private static void assertGrowthBounded(Map<String, String> r) {
        for (String figure : new String[] {"growthSampled", "growthAfterGc", "growthPoolPeaks"}) {
            long growth = Long.parseLong(r.get(figure));
            assertTrue(growth < MAX_GROWTH, figure + " " + growth + " bytes, over " + MAX_GROWTH + ": " + r);
        }
    }

    /** Runs {@link ArgumentFloodMain} in a new JVM with -Xmx64m; returns its key=value lines. */
    private static Map<String, String> runChild(String caps, String kind, long argumentBytes) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-Xms64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                ArgumentFloodMain.class.getName(), caps, kind, Long.toString(argumentBytes)));
        Path log = Files.createTempFile("streamguard-flood-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long started = System.nanoTime();
            if (!p.waitFor(50, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("the flood child did not finish in 50 s: " + read(log));
            }
            String output = read(log);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("argument flood (%s caps, %s, %d MiB of arguments), child JVM %d ms:%n%s", caps, kind,
                    argumentBytes / MIB, millis, output.replaceAll("(?m)^", "    "));
            assertEquals(0, p.exitValue(), "child exit code; output:\n" + output);
            Map<String, String> result = new HashMap<>();
            for (String line : output.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    result.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            for (String key : new String[] {"outcome", "message", "upstreamBytes", "deliveredBytes", "growthPoolPeaks", "report"}) {
                assertTrue(result.containsKey(key), "child printed " + key + ":\n" + output);
            }
            return result;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
