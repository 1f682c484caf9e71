package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A forked service that reads its streams once, says {@code READY <pid>} and waits for a line on its standard
 * input before it reads them all again: started and waited for until it is ready, so that a test can act on
 * the running JVM (attach the agent, run a command), then let go and waited for to its end.
 */
final class TwoRoundService implements AutoCloseable {
    final String pid;
    private final Process process;
    private final BufferedReader out;
    private final Path err;
    private final List<String> lines = new ArrayList<>();

    TwoRoundService(Jdks.Jdk jdk, List<String> jvm, String classpath, String main, List<String> args) throws Exception {
        err = Files.createTempFile("streamguard-service", ".err");
        process = ForkedJvm.command(jdk, jvm, classpath, main, args).redirectError(err.toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                ready = line.substring(6);
                break;
            }
            lines.add(line);
        }
        assertTrue(ready != null, "the service got ready: " + stderr());
        pid = ready;
    }

    /** Lets it read its second round; what it printed in both, once it ended normally. */
    List<String> finish() throws Exception {
        try (OutputStream in = process.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service ended");
        assertEquals(0, process.exitValue(), stderr());
        return lines;
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(err);
    }
}
