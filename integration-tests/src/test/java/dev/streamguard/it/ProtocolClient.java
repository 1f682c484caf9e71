package dev.streamguard.it;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real client of one protocol as {@link ProtocolSdkRun} runs it: an application of a {@code clients/<module>}
 * module that makes one streaming call with tools per target and prints what it saw through {@code ChatOutput}.
 */
interface ProtocolClient {
    /** The client module whose classpath runs the application. */
    String module();

    /** The application's main class. */
    String main();

    /** Jars the client's classpath must hold: the versions the tests name. */
    List<String> jars();

    /** How the application names the end of a response that completed, with function calls or without. */
    String finish(boolean toolCalls);

    /** The path the SDK appends to the root URL it is given, for its streaming request (the tests assert it was used). */
    String requestPath();

    /** The client's classpath; fails when it does not hold the versions {@link #jars()} names. */
    default String classpath() throws IOException {
        String classpath = ForkedJvm.classpath(module(), module());
        for (String jar : jars()) {
            if (!classpath.contains(File.separator + jar)) {
                throw new IllegalStateException(this + ": no " + jar + " on the client's classpath " + classpath);
            }
        }
        return classpath;
    }

    default ProcessBuilder command(Jdks.Jdk jdk, List<String> jvmOptions, long callTimeoutMillis, List<String> roots) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(callTimeoutMillis));
        args.addAll(roots);
        return ForkedJvm.command(jdk, jvmOptions, classpath(), "dev.streamguard.it.client." + main(), args);
    }
}
