package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Netty-based client run under BlockHound and Netty's leak detector at paranoid ({@code EventLoopChecks} in
 * the client): the JVM options that turn them on, and what their reports must show. The agent logs to a file
 * there, since BlockHound lets writes to standard error through. Each client JVM also sleeps and writes a file
 * on an event loop, and leaks a buffer, on purpose: both tools must report those, so they are watching.
 */
final class EventLoopWatch implements AutoCloseable {
    final Path log;

    EventLoopWatch() throws java.io.IOException {
        log = Files.createTempFile("streamguard-it", ".log");
    }

    List<String> jvmOptions() {
        return List.of("-Dit.blockhound=true", "-Dit.leakCheck=true", "-Dio.netty.leakDetection.level=paranoid",
                "-Dstreamguard.log.file=" + log, "-XX:+AllowRedefinitionToAddDeleteMethods", "-XX:+EnableDynamicAgentLoading");
    }

    /** No blocking call with StreamGuard's code on the stack on an event loop, no buffer leaked, the anomalies logged. */
    void assertClean(ForkedJvm.Exit exit) throws java.io.IOException {
        List<String> blocking = exit.stdout.stream().filter(l -> l.startsWith("BLOCKING ")).collect(Collectors.toList());
        assertEquals(1, blocking.stream().filter(l -> l.contains("EventLoopChecks.sleepABit")).count(), "the deliberate sleep: " + blocking);
        assertEquals(1, blocking.stream().filter(l -> l.startsWith("BLOCKING java.io.FileOutputStream#writeBytes")
                && l.contains("EventLoopChecks.writeAFile")).count(), "the deliberate write: " + blocking);
        List<String> ours = blocking.stream().filter(l -> Stream.of(l.split(" <- ")).anyMatch(EventLoopWatch::isStreamGuardFrame))
                .collect(Collectors.toList());
        assertEquals(List.of(), ours, "blocking calls with StreamGuard's code on the stack");
        assertTrue(Files.readString(log).contains(" outcome=failed "), "the anomalies were logged, to the file");
        assertOnlyTheDeliberateLeak(exit.stderr);
    }

    /** Netty's leak detector reported the buffer the client leaked on purpose, and no other. */
    static void assertOnlyTheDeliberateLeak(String stderr) {
        assertEquals(1, stderr.split("LEAK:", -1).length - 1, "only the deliberate leak: " + stderr);
        assertTrue(stderr.contains("it-leak-self-check"), stderr);
    }

    private static boolean isStreamGuardFrame(String frame) {
        return frame.contains("dev.streamguard.") && !frame.contains("dev.streamguard.it.");
    }

    @Override
    public void close() throws java.io.IOException {
        Files.deleteIfExists(log);
    }
}
