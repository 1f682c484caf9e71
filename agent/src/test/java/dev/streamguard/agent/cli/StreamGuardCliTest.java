package dev.streamguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: usage, exit codes, and clear messages for what it cannot do. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamGuardCliTest {

    /** One run of the command line: its exit code and what it printed on each stream. */
    private static final class Run {
        final int exit;
        final String out;
        final String err;

        Run(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                exit = StreamGuardCli.run(args, o, e);
            }
            this.out = out.toString(StandardCharsets.UTF_8);
            this.err = err.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpPrintsTheUsageAndSucceeds(String flag) {
        Run run = new Run(flag);
        assertEquals(0, run.exit, run::toString);
        assertEquals("", run.err, run::toString);
        assertTrue(run.out.contains("attach <pid>"), run::toString);
        assertTrue(run.out.contains(" list"), run::toString);
        assertTrue(run.out.contains("-XX:+EnableDynamicAgentLoading"), run::toString);
        assertTrue(run.out.contains("-javaagent:"), run::toString);
    }

    @Test
    void theUsageNamesEverySetting() {
        Run run = new Run("--help");
        for (Setting s : Setting.values()) {
            assertTrue(run.out.contains(s.shortName()), () -> "the usage does not mention " + s.shortName() + "\n" + run);
        }
    }

    @Test
    void theUsageGivesEachSettingsDefault() {
        Run run = new Run("--help");
        for (Setting s : Setting.values()) {
            if (s.defaultValue().isEmpty()) {
                continue;
            }
            String line = run.out.lines().filter(l -> l.trim().startsWith(s.shortName() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + s.shortName() + "\n" + run));
            assertTrue(line.contains(s.defaultValue()), () -> s.shortName() + " default " + s.defaultValue()
                    + " not on its line: " + line);
        }
    }

    @Test
    void noArgumentsPrintsTheUsageAndFails() {
        Run run = new Run();
        assertEquals(2, run.exit, run::toString);
        assertTrue(run.out.contains("attach <pid>"), run::toString);
    }

    @Test
    void anUnknownCommandFailsWithAMessage() {
        Run run = new Run("frobnicate");
        assertEquals(2, run.exit, run::toString);
        assertTrue(run.err.contains("unknown command 'frobnicate'"), run::toString);
        assertTrue(run.err.startsWith("streamguard: "), run::toString);
    }

    @Test
    void attachWithoutAPidFailsWithTheUsage() {
        Run run = new Run("attach");
        assertEquals(2, run.exit, run::toString);
        assertTrue(run.err.contains("attach <pid>"), run::toString);
    }

    @Test
    void attachWithTooManyArgumentsFails() {
        Run run = new Run("attach", "1", "mode=observe", "extra");
        assertEquals(2, run.exit, run::toString);
    }

    /** A pid above the kernel's maximum cannot belong to any process. */
    private static String pidThatDoesNotExist() throws IOException {
        long max = 4_194_304L; // the largest pid_max Linux allows
        Path pidMax = Path.of("/proc/sys/kernel/pid_max");
        if (Files.isReadable(pidMax)) {
            max = Long.parseLong(Files.readString(pidMax).trim());
        }
        long pid = max + 12_345;
        assertFalse(ProcessHandle.of(pid).isPresent());
        return String.valueOf(pid);
    }

    @Test
    void attachToAPidThatDoesNotExistFailsClearly() throws IOException {
        String pid = pidThatDoesNotExist();
        Run run = new Run("attach", pid);
        assertEquals(1, run.exit, run::toString);
        assertTrue(run.err.startsWith("streamguard: cannot attach to " + pid + ": "), run::toString);
        assertTrue(run.err.contains("is it a local JVM of the same user"), run::toString);
        assertEquals("", run.out, run::toString);
    }

    @Test
    void attachToSomethingThatIsNoPidFailsClearly() {
        Run run = new Run("attach", "not-a-pid");
        assertEquals(1, run.exit, run::toString);
        assertTrue(run.err.startsWith("streamguard: cannot attach to not-a-pid: "), run::toString);
    }

    /** A trimmed runtime (jlink, or --limit-modules) may lack jdk.attach: the usage still prints, the rest says why not. */
    @Test
    void withoutJdkAttachTheUsageWorksAndTheOtherCommandsSayWhatIsMissing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        Process help = new ProcessBuilder(java, "--limit-modules", "java.base", "-cp", classPath,
                StreamGuardCli.class.getName(), "--help").redirectErrorStream(true).start();
        String helpOutput = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), helpOutput);
        assertTrue(helpOutput.contains("attach <pid>"), helpOutput);

        Process list = new ProcessBuilder(java, "--limit-modules", "java.base", "-cp", classPath,
                StreamGuardCli.class.getName(), "list").redirectErrorStream(true).start();
        String listOutput = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, list.exitValue(), listOutput);
        assertTrue(listOutput.contains("streamguard: this command needs a JDK with the jdk.attach module"), listOutput);
    }
}
