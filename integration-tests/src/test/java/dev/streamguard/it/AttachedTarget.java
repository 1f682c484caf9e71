package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running service the agent is attached to: started without it, it reads its streams once, says
 * {@code READY <pid>} and waits for a line on its standard input; the agent is attached with the command
 * line meanwhile; then it reads them all again. What it printed, and its standard error, are kept.
 */
final class AttachedTarget {
    final List<String> stdout = new ArrayList<>();
    final String stderr;

    private AttachedTarget(String stderr) {
        this.stderr = stderr;
    }

    /** Runs it; {@code whileAttached} runs after the attach, before the second round (more commands, say). */
    static AttachedTarget run(Jdks.Jdk jdk, List<String> jvm, String classpath, String main, List<String> args,
                              Whilst whileAttached) throws Exception {
        Path err = Files.createTempFile("streamguard-attach", ".err");
        Process target = ForkedJvm.command(jdk, jvm, classpath, main, args).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String pid = null;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    pid = line.substring(6);
                    break;
                }
                lines.add(line);
            }
            assertTrue(pid != null, "the target got ready: " + Files.readString(err));
            ForkedJvm.Exit attach = ForkedJvm.run(ForkedJvm.command(jdk, List.of(), ForkedJvm.AGENT_JAR.toString(),
                    "dev.streamguard.agent.cli.StreamGuardCli", List.of("attach", pid)), 60);
            assertEquals(0, attach.code, "attach: " + attach);
            assertTrue(attach.stdout.get(0).startsWith("streamguard: active in " + pid), attach.stdout.toString());
            whileAttached.run(pid);
            try (OutputStream in = target.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            assertTrue(target.waitFor(60, TimeUnit.SECONDS));
            AttachedTarget done = new AttachedTarget(Files.readString(err));
            assertEquals(0, target.exitValue(), done.stderr);
            done.stdout.addAll(lines);
            return done;
        } finally {
            target.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    /** What a test does with the target attached, before its second round. */
    interface Whilst {
        void run(String pid) throws Exception;
    }
}
