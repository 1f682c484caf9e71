package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs one client (one JDK, one way of reading, one protocol) over every case, and checks each. */
final class ClientMatrix {
    private ClientMatrix() {
    }

    /** {@code reactiveReader}: the client hands the body on to a reactive framework (see {@link StreamCase#all}). */
    static void runAndCheck(Upstream upstream, Jdks.Jdk jdk, boolean withAgent, String classpath, String main,
                            List<String> leadingArgs, boolean tls, StreamCase.Reader reader, boolean reactiveReader) throws Exception {
        runAndCheck(upstream, jdk, withAgent, classpath, main, leadingArgs, tls, reader, reactiveReader, c -> true);
    }

    /** As above, over the cases {@code include} keeps. */
    static void runAndCheck(Upstream upstream, Jdks.Jdk jdk, boolean withAgent, String classpath, String main,
                            List<String> leadingArgs, boolean tls, StreamCase.Reader reader, boolean reactiveReader,
                            java.util.function.Predicate<StreamCase> include) throws Exception {
        ForkedJvm.Exit exit = run(upstream, jdk, withAgent, List.of(), classpath, main, leadingArgs, tls, reader, reactiveReader, include);
        if (withAgent) {
            AgentOutput.assertCleanStart(exit.stderr);
        }
    }

    /** Runs the client over every case with these JVM options too, checks each case, and returns its exit. */
    static ForkedJvm.Exit run(Upstream upstream, Jdks.Jdk jdk, boolean withAgent, List<String> jvmOptions, String classpath,
                              String main, List<String> leadingArgs, boolean tls, StreamCase.Reader reader, boolean reactiveReader,
                              java.util.function.Predicate<StreamCase> include) throws Exception {
        List<StreamCase> cases = new ArrayList<>(StreamCase.all(upstream, tls, withAgent, reactiveReader));
        cases.removeIf(include.negate());
        if (reader == StreamCase.Reader.EVENTS || reader == StreamCase.Reader.DATA) {
            cases.removeIf(c -> !c.eventStream || c.hasCrOnlyLines());
        }
        List<String> args = new ArrayList<>(leadingArgs);
        cases.forEach(c -> args.add(c.argument()));
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.addAll(jvmOptions);
        if (withAgent) {
            jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        }
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(jdk, jvm, classpath, main, args), 180);
        assertEquals(0, exit.code, "client exit: " + exit);
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(cases.size(), results.size(), "results for every case; " + exit);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ClientResult seen = results.get(i);
            try {
                cases.get(i).check(reader, seen);
            } catch (AssertionError e) {
                failures.add(e.getMessage() + (seen.errorClass == null ? "" : " [the client got " + seen.errorClass + ": "
                        + seen.errorMessage + "]") + " [" + seen.millis + " ms]");
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases differ; the client's stderr: " + exit.stderr);
        return exit;
    }

    /**
     * The client reads a stream the guard repairs with a W3C trace context on its request (the client sets
     * {@code -Dit.traceparent}, as a tracer would): the log line about it names that trace and span.
     */
    static void runWithTraceContextAndCheck(Upstream upstream, String classpath, String main, List<String> leadingArgs, String client)
            throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String spanId = "00f067aa0ba902b7";
        List<String> args = new ArrayList<>(leadingArgs);
        args.add(upstream.url(false, "/f/openai/litellm-combined"));
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), List.of("-javaagent:" + ForkedJvm.AGENT_JAR,
                "-Dit.traceparent=00-" + traceId + "-" + spanId + "-01"), classpath, main, args), 60);
        assertEquals(0, exit.code, exit.toString());
        List<Map<String, String>> lines = ObservabilityIT.logLines(exit.stderr);
        assertEquals(1, lines.size(), exit.stderr);
        assertEquals("repaired", lines.get(0).get("outcome"));
        assertEquals(client, lines.get(0).get("client"));
        assertEquals(traceId, lines.get(0).get("trace_id"), exit.stderr);
        assertEquals(spanId, lines.get(0).get("span_id"), exit.stderr);
    }

    /**
     * With the agent, streams whose upstream holds the connection open after the terminal event ([DONE],
     * message_stop) read as their fixtures and end within a second of their request (D42), where without the
     * guard they would wait for the upstream, 20 s here.
     */
    static void runHeldOpenAndCheck(Jdks.Jdk jdk, String classpath, String main, List<String> leadingArgs, StreamCase.Reader reader)
            throws Exception {
        runHeldOpenAndCheck(jdk, classpath, main, leadingArgs, reader, false);
    }

    /**
     * As above; with {@code warmUpFirst}, for a client whose first streams in a JVM cost a second by themselves
     * (class loading, codecs), the cases are read twice and only the second round is timed.
     */
    static void runHeldOpenAndCheck(Jdks.Jdk jdk, String classpath, String main, List<String> leadingArgs, StreamCase.Reader reader,
                                    boolean warmUpFirst) throws Exception {
        try (StreamingServer server = new StreamingServer()) {
            String tag = SdkRun.newTag();
            List<StreamCase> round = List.of(StreamCase.heldOpen(server, "openai/compliant-tool-call", tag),
                    StreamCase.heldOpen(server, "anthropic/compliant-tool-use", tag));
            List<StreamCase> cases = new ArrayList<>(round);
            if (warmUpFirst) {
                cases.addAll(round);
            }
            List<String> args = new ArrayList<>(leadingArgs);
            cases.forEach(c -> args.add(c.argument()));
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(jdk, List.of("-javaagent:" + ForkedJvm.AGENT_JAR), classpath, main, args), 120);
            assertEquals(0, exit.code, "client exit: " + exit);
            Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
            for (int i = 0; i < cases.size(); i++) {
                cases.get(i).check(reader, results.get(i));
                if (i >= cases.size() - round.size()) {
                    assertTrue(results.get(i).millis >= 0 && results.get(i).millis < 1000,
                            cases.get(i) + " (" + reader + "): ended " + results.get(i).millis + " ms after its request");
                }
            }
            AgentOutput.assertCleanStart(exit.stderr);
        }
    }
}
