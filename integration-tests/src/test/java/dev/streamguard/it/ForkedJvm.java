package dev.streamguard.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a client application in its own JVM, with or without the agent, and collects what it printed. */
final class ForkedJvm {
    static final Path ROOT = Paths.get(System.getProperty("streamguard.it.root", ".")).toAbsolutePath().normalize();
    static final Path AGENT_JAR = Paths.get(System.getProperty("streamguard.it.agentJar",
            ROOT.resolve("../agent/target/streamguard-agent.jar").toString())).toAbsolutePath().normalize();
    /** The OpenTelemetry Java agent the build downloads (its version: {@code streamguard.it.otelAgentVersion}). */
    static final Path OTEL_AGENT = Paths.get(System.getProperty("streamguard.it.otelAgentJar",
            ROOT.resolve("target/otel/opentelemetry-javaagent.jar").toString()));

    /** What a finished JVM left behind. */
    static final class Exit {
        final int code;
        final List<String> stdout;
        final String stderr;

        Exit(int code, List<String> stdout, String stderr) {
            this.code = code;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstderr:\n" + stderr;
        }
    }

    private ForkedJvm() {
    }

    /** The classpath of a client: its classes and the runtime classpath its module wrote at build time. */
    static String classpath(String classesModule, String classpathModule) throws IOException {
        Path clients = ROOT.resolve("clients");
        String deps = Files.readString(clients.resolve(classpathModule).resolve("target/runtime-classpath.txt")).trim();
        String classes = clients.resolve(classesModule).resolve("target/classes").toString();
        return deps.isEmpty() ? classes : classes + File.pathSeparator + deps;
    }

    static ProcessBuilder command(Jdks.Jdk jdk, List<String> jvmOptions, String classpath, String main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    /**
     * A plain streaming reader: the JDK client with {@code ofInputStream} over HTTP/1.1 ({@code "jdk"}) or
     * OkHttp 4 with {@code execute} ({@code "okhttp"}), one call per URL.
     */
    static ProcessBuilder streamReader(Jdks.Jdk jdk, String client, List<String> jvmOptions, List<String> urls) throws IOException {
        List<String> args = new ArrayList<>(client.equals("jdk") ? List.of("ofInputStream", "1.1") : List.of("execute"));
        args.addAll(urls);
        return client.equals("jdk")
                ? command(jdk, jvmOptions, classpath("jdk", "jdk"), "dev.streamguard.it.client.JdkClientApp", args)
                : command(jdk, jvmOptions, classpath("okhttp4", "okhttp4"), "dev.streamguard.it.client.OkHttpClientApp", args);
    }

    /** The threads of a hung client, from the {@code jcmd} beside its {@code java}, to show where it waits. */
    private static String threadDump(String java, long pid) {
        try {
            Path out = Files.createTempFile("streamguard-it-threads", ".txt");
            try {
                Process dump = new ProcessBuilder(Path.of(java).resolveSibling("jcmd").toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                dump.getOutputStream().close();
                if (!dump.waitFor(20, TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                    return "(no thread dump: jcmd did not finish in 20 s)";
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    static Exit run(ProcessBuilder command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("streamguard-it-out", ".txt");
        Path err = Files.createTempFile("streamguard-it-err", ".txt");
        try {
            Process p = command.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                String threads = threadDump(command.command().get(0), p.pid());
                p.destroyForcibly().waitFor();
                List<String> printed = Files.readAllLines(out, StandardCharsets.UTF_8);
                throw new AssertionError("the client did not finish in " + timeoutSeconds + " s: " + command.command()
                        + "\nlast lines of stdout:\n" + String.join("\n", printed.subList(Math.max(0, printed.size() - 5), printed.size()))
                        + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8) + "\nthreads:\n" + threads);
            }
            return new Exit(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
