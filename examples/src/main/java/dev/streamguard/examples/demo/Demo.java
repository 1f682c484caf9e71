package dev.streamguard.examples.demo;

import java.io.BufferedReader;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar streamguard-demo.jar}: starts a misbehaving loopback upstream, runs the same client application
 * ({@link ClientApp}) in two child JVMs at once, one without and one with {@code -javaagent:streamguard-agent.jar},
 * and prints side by side what the application ended up with. Exits 0 only when every with-agent result is the
 * one {@link Scenario#check} defines as right.
 */
public final class Demo {
    /** The heap of both client JVMs: small, so that the runaway stream ends in an OutOfMemoryError quickly. */
    static final String CHILD_HEAP = "64m";
    static final String AGENT_RESOURCE = "/streamguard-demo/streamguard-agent.jar";
    static final long CHILD_TIMEOUT_SECONDS = 50;

    private static final int[] WIDTHS = {22, 6, 40, 40, 5};

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String agentArgs = "";
        boolean showAgentLog = false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.print(usage());
                return 0;
            } else if (a.equals("--agent-log")) {
                showAgentLog = true;
            } else if (a.startsWith("--agent-args=")) {
                agentArgs = a.substring("--agent-args=".length());
            } else {
                err.println("streamguard-demo: unknown argument '" + a + "'\n" + usage());
                return 2;
            }
        }
        long started = System.nanoTime();
        Path agentJar;
        try {
            agentJar = extractAgent();
        } catch (IOException e) {
            err.println("streamguard-demo: cannot extract the agent jar: " + e.getMessage());
            return 2;
        }
        if (agentJar == null) {
            err.println("streamguard-demo: this jar has no embedded " + AGENT_RESOURCE.substring(1)
                    + "; build it through the reactor from the repository root: mvn -B -q -DskipTests package");
            return 2;
        }
        out.println("StreamGuard demo: one client application (JDK HttpClient and OkHttp 4.12, reading the stream line by line");
        out.println("and accumulating tool calls as LangChain4j does) runs in two JVMs against a loopback upstream that");
        out.println("misbehaves like real proxies: once without the agent, once with -javaagent:streamguard-agent.jar"
                + (agentArgs.isEmpty() ? "" : "=" + agentArgs) + ".");
        out.println();
        Map<String, Outcome> without;
        Map<String, Outcome> with;
        String agentLog;
        List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread killChildren = new Thread(() -> children.forEach(Process::destroyForcibly), "demo-stop-children");
        Runtime.getRuntime().addShutdownHook(killChildren); // Ctrl-C must not leave client JVMs behind
        try (Upstream upstream = new Upstream()) {
            Progress progress = new Progress(out, interactive(), 2 * Scenario.values().length * ClientApp.CLIENTS.size());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
            ChildJvm plain = ChildJvm.start("without agent", List.of(), upstream.baseUrl(), progress, children);
            ChildJvm guarded = ChildJvm.start("with agent",
                    List.of("-javaagent:" + agentJar + (agentArgs.isEmpty() ? "" : "=" + agentArgs)), upstream.baseUrl(),
                    progress, children);
            without = plain.await(deadline);
            with = guarded.await(deadline);
            agentLog = guarded.stderr();
            progress.finish();
        } catch (IOException e) {
            children.forEach(Process::destroyForcibly);
            err.println("streamguard-demo: cannot run the client JVMs: " + e);
            return 2;
        }
        Runtime.getRuntime().removeShutdownHook(killChildren);

        TextTable table = new TextTable(WIDTHS);
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (Scenario s : Scenario.values()) {
            boolean first = true;
            for (String client : ClientApp.CLIENTS) {
                String key = ChildJvm.key(s.slug(), client);
                Outcome before = without.get(key);
                Outcome after = with.get(key);
                String problem = s.check(after);
                if (problem != null) {
                    wrong.add(s.slug() + " / " + client + ": " + problem + "; got " + after.cell());
                }
                rows++;
                table.row(first, first ? s.title + "\n(" + s.deviations + ")" : "", client, before.cell(), after.cell(),
                        problem == null ? "ok" : "WRONG");
                first = false;
            }
        }
        out.print(table.render("Scenario", "Client", "Without the agent, the application got",
                "With the agent, it got", "Check"));
        out.println();
        if (wrong.isEmpty()) {
            out.println("With the agent all " + rows + " results are right: the repaired tool call exactly, or an IOException "
                    + "with the expected streamguard: message.");
        } else {
            out.println("With the agent " + wrong.size() + " of " + rows + " results are WRONG:");
            wrong.forEach(w -> out.println("  " + w));
        }
        out.println("Both client JVMs ran with -Xmx" + CHILD_HEAP + "; the agent ran with "
                + (agentArgs.isEmpty() ? "its default settings" : agentArgs) + ".");
        if (showAgentLog || !wrong.isEmpty()) {
            out.println();
            out.println("Standard error of the with-agent JVM (the agent logs there):");
            String[] lines = agentLog.strip().split("\n");
            int from = Math.max(0, lines.length - 60);
            if (from > 0) {
                out.println("  (" + from + " earlier lines left out)");
            }
            for (int i = from; i < lines.length; i++) {
                out.println("  " + lines[i]);
            }
        } else {
            out.println("Run with --agent-log to see the agent's log lines (one per repaired or failed stream).");
        }
        out.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return wrong.isEmpty() ? 0 : 1;
    }

    static String usage() {
        return "Usage: java -jar streamguard-demo.jar [--agent-log] [--agent-args=key=value,...]\n"
                + "  Runs a small client application against a misbehaving loopback upstream, without and with the\n"
                + "  StreamGuard agent, and prints what the application saw. Exits 0 when every with-agent result is right.\n"
                + "  --agent-log        also print the agent's log lines\n"
                + "  --agent-args=...   the agent argument, e.g. mode=observe (the checks assume the default settings)\n";
    }

    /** Extracts the embedded agent under its own name: its manifest's Boot-Class-Path names streamguard-agent.jar. */
    static Path extractAgent() throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream(AGENT_RESOURCE)) {
            if (in == null) {
                return null;
            }
            Path dir = Files.createTempDirectory("streamguard-demo-");
            Path jar = dir.resolve("streamguard-agent.jar");
            dir.toFile().deleteOnExit(); // deleted after the jar: deleteOnExit runs in reverse order
            jar.toFile().deleteOnExit();
            Files.copy(in, jar);
            return jar;
        }
    }

    /** Whether standard output is a terminal, where one updating progress line reads better than many. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22 and later return a Console even when redirected; isTerminal() tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** One line per stream started, or one updating line on a terminal. */
    static final class Progress {
        private final PrintStream out;
        private final boolean interactive;
        private final int total;
        private int done;
        private int shown;

        Progress(PrintStream out, boolean interactive, int total) {
            this.out = out;
            this.interactive = interactive;
            this.total = total;
        }

        synchronized void step(String jvm, String scenario, String client) {
            done++;
            String line = String.format(Locale.ROOT, "[%2d/%d] %-13s %-6s %s", done, total, jvm, client, scenario);
            if (interactive) {
                out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
                shown = line.length();
            } else {
                out.println(line);
            }
            out.flush();
        }

        synchronized void finish() {
            if (interactive && shown > 0) {
                out.print("\r" + " ".repeat(shown) + "\r");
            } else {
                out.println();
            }
            out.flush();
        }
    }

    /** A client JVM: its command, its results as they arrive, its standard error. */
    static final class ChildJvm {
        private final String label;
        private final Process process;
        private final Map<String, Outcome> results = new ConcurrentHashMap<>();
        private final StringBuffer stderr = new StringBuffer();
        private final Thread stdoutReader;
        private final Thread stderrReader;

        private ChildJvm(String label, Process process, Progress progress) {
            this.label = label;
            this.process = process;
            this.stdoutReader = daemon(() -> readResults(progress));
            this.stderrReader = daemon(() -> {
                try (BufferedReader r = reader(process.getErrorStream())) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (stderr.length() < 1 << 20) {
                            stderr.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // The child is gone.
                }
            });
        }

        static String key(String scenario, String client) {
            return scenario + "/" + client;
        }

        static ChildJvm start(String label, List<String> jvmOptions, String baseUrl, Progress progress,
                List<Process> started) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString());
            cmd.add("-Xmx" + CHILD_HEAP);
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Xshare:auto");
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(classpath());
            cmd.add(ClientApp.class.getName());
            cmd.add(baseUrl);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // Neither JVM may pick up an agent or StreamGuard settings from the caller's environment.
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("STREAMGUARD_") || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
            Process p = pb.start();
            started.add(p);
            p.getOutputStream().close();
            return new ChildJvm(label, p, progress);
        }

        private void readResults(Progress progress) {
            try (BufferedReader r = reader(process.getInputStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split("\t", 4);
                    if (f[0].equals(ClientApp.STEP) && f.length >= 3) {
                        progress.step(label, f[1], f[2]);
                    } else if (f[0].equals(ClientApp.RESULT) && f.length == 4) {
                        results.put(key(f[1], f[2]), Outcome.decode(f[3]));
                    }
                }
            } catch (IOException ignored) {
                // The child is gone.
            }
        }

        /** Waits for the JVM (killing it at the deadline) and returns every result, missing ones explained. */
        Map<String, Outcome> await(long deadlineNanos) {
            String why = null;
            try {
                if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly().waitFor();
                    why = "the client JVM did not finish within " + CHILD_TIMEOUT_SECONDS + " s";
                } else if (process.exitValue() != 0) {
                    why = "the client JVM exited with " + process.exitValue() + ": " + lastLine(stderr.toString());
                }
                stdoutReader.join(5000);
                stderrReader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                why = "interrupted";
            }
            for (Scenario s : Scenario.values()) {
                for (String client : ClientApp.CLIENTS) {
                    results.putIfAbsent(key(s.slug(), client), Outcome.missing(why == null ? "no result line" : why));
                }
            }
            return results;
        }

        String stderr() {
            return stderr.toString();
        }

        private static String lastLine(String text) {
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1];
        }

        private static BufferedReader reader(InputStream in) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        private static Thread daemon(Runnable r) {
            Thread t = new Thread(r, "demo-child-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static String classpath() {
            List<String> entries = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    entries.add(Paths.get(e).toAbsolutePath().toString());
                }
            }
            return String.join(File.pathSeparator, entries);
        }

        private static boolean isWindows() {
            return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        }
    }
}
