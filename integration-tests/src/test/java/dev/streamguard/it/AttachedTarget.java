package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

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
        try (TwoRoundService target = new TwoRoundService(jdk, jvm, classpath, main, args)) {
            ForkedJvm.Exit attach = ForkedJvm.run(ForkedJvm.command(jdk, List.of(), ForkedJvm.AGENT_JAR.toString(),
                    "dev.streamguard.agent.cli.StreamGuardCli", List.of("attach", target.pid)), 60);
            assertEquals(0, attach.code, "attach: " + attach);
            assertTrue(attach.stdout.get(0).startsWith("streamguard: active in " + target.pid), attach.stdout.toString());
            whileAttached.run(target.pid);
            List<String> lines = target.finish();
            AttachedTarget done = new AttachedTarget(target.stderr());
            done.stdout.addAll(lines);
            return done;
        }
    }

    /** What a test does with the target attached, before its second round. */
    interface Whilst {
        void run(String pid) throws Exception;
    }
}
