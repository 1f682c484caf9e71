package dev.streamguard.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged demo exactly as the README does, {@code java -jar examples/target/streamguard-demo.jar}, from
 * another working directory, and reads its table back column by column.
 */
class DemoIT {
    private static final Path JAR = Paths.get(System.getProperty("streamguard.demo.jar", "target/streamguard-demo.jar"))
            .toAbsolutePath();
    /** The demo's column widths and the two spaces between columns. */
    private static final int[] WIDTHS = {22, 6, 40, 40, 5};

    @TempDir
    Path workDir;

    /** One table row: scenario (first row of a scenario only), client, without, with, check. */
    static final class Row {
        final String[] cells = new String[WIDTHS.length];

        String without() {
            return cells[2];
        }

        String with() {
            return cells[3];
        }
    }

    @Test
    void everyWithAgentResultIsRightAndTheDemoExitsZeroWithinAMinute() throws Exception {
        long start = System.nanoTime();
        Run run = run();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(0, run.exit, run.toString());
        assertTrue(seconds < 60, "the demo took " + seconds + " s:\n" + run);
        assertTrue(run.stdout.contains("With the agent all 10 results are right"), run.toString());

        List<Row> rows = table(run.stdout);
        assertEquals(10, rows.size(), run.toString());
        String[] clients = {"jdk", "okhttp"};
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(clients[i % 2], rows.get(i).cells[1], run.toString());
            assertEquals("ok", rows.get(i).cells[4], "row " + i + ":\n" + run);
        }
        for (int i = 0; i < 2; i++) {
            Row litellm = rows.get(i);
            Row inputInStart = rows.get(2 + i);
            Row inputLost = rows.get(4 + i);
            Row truncated = rows.get(6 + i);
            Row runaway = rows.get(8 + i);

            assertEquals("get_weather {\"city\":\"Paris\"} (id=call_1, finish_reason=tool_calls)", litellm.with());
            assertTrue(litellm.without().contains("get_weatherget_weather") && litellm.without().contains("not run"),
                    litellm.without());

            assertEquals("get_weather {\"city\":\"Paris\"} (id=toolu_1, stop_reason=tool_use)", inputInStart.with());
            assertTrue(inputInStart.without().contains("required parameter city is missing"), inputInStart.without());

            assertEquals("IOException: streamguard: tool_use block 0 (get_weather) arrived with no input although the "
                    + "request's schema requires [city]; the upstream lost the tool arguments", inputLost.with());
            assertTrue(inputLost.without().contains("required parameter city is missing"), inputLost.without());

            assertTrue(truncated.with().startsWith("IOException: streamguard: stream truncated: the body ended after 3 events (")
                    && truncated.with().endsWith("without [DONE]; choice 0 had no finish_reason"), truncated.with());
            assertTrue(truncated.without().contains(", no error (no finish_reason, no [DONE])"), truncated.without());

            assertTrue(runaway.with().startsWith("IOException: streamguard: tool call 0 (write_file) arguments exceeded 4MiB "
                    + "(streamguard.tool-args.max-bytes) at "), runaway.with());
            assertTrue(runaway.without().startsWith("OutOfMemoryError"), runaway.without());
        }
    }

    @Test
    void withTheAgentOnlyObservingTheResultsAreWrongAndTheDemoExitsOne() throws Exception {
        Run run = run("--agent-args=mode=observe");

        assertEquals(1, run.exit, run.toString());
        assertTrue(run.stdout.contains("With the agent 10 of 10 results are WRONG"), run.toString());
    }

    static final class Run {
        final int exit;
        final String stdout;
        final String stderr;

        Run(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Run run(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the demo jar is built: " + JAR);
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the demo did not finish in 90 s:\n" + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The table's rows, each cell's wrapped lines joined again (the demo wraps at spaces). */
    static List<Row> table(String stdout) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("=====")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("-----")) {
                continue;
            }
            if (line.isBlank()) {
                break;
            }
            String[] parts = new String[WIDTHS.length];
            int at = 0;
            for (int c = 0; c < WIDTHS.length; c++) {
                int end = c == WIDTHS.length - 1 ? line.length() : Math.min(line.length(), at + WIDTHS[c]);
                parts[c] = at < line.length() ? line.substring(at, end).strip() : "";
                at += WIDTHS[c] + 2;
            }
            if (!parts[1].isEmpty()) {
                rows.add(new Row());
            }
            Row row = rows.get(rows.size() - 1);
            for (int c = 0; c < WIDTHS.length; c++) {
                if (!parts[c].isEmpty()) {
                    row.cells[c] = row.cells[c] == null ? parts[c] : row.cells[c] + " " + parts[c];
                }
            }
        }
        return rows;
    }
}
