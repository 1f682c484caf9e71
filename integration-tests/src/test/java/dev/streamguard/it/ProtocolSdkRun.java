package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The real clients of one protocol, each in one forked JVM with a 64 MiB heap, make one streaming call with tools
 * per stream: compliant streams, the protocol's deviations, a stream held open after its end, and last an endless
 * function call. Without the agent each client must read every stream exactly as its {@link ProtocolExpectations}
 * document. With the agent (on every JDK) each application must see what the stream means, or the guard's exact
 * {@code streamguard:} failure, and the agent must log every stream it changes once, under the protocol's name,
 * repaired or failed, naming the stream's rules, and no other; the held-open stream must end within a second of
 * its last event, and the flood must fail at its cap without an OutOfMemoryError. Every call must reach the
 * upstream once (retries are off) on the client's request path, declaring get_weather with its required city.
 */
final class ProtocolSdkRun {
    /** The calls' JVM options: the flood's small heap, and a marker on stdout if the JVM runs out of it. */
    static final List<String> SMALL_HEAP = List.of(SdkFloodIT.HEAP, "-XX:OnOutOfMemoryError=echo " + SdkFloodIT.OOM_MARKER);

    final String test;
    final String protocol;
    final List<ProtocolStream> streams;
    final ProtocolExpectations expectations;
    final Upstream upstream;
    final StreamingServer server;
    /** What is wrong with a request the upstream recorded beyond what every protocol checks, or null. */
    final Function<Upstream.Recorded, String> requestProblem;

    /**
     * @param test     the test's name, for what it prints
     * @param protocol the protocol's name in the agent's log lines, e.g. {@code gemini}
     */
    ProtocolSdkRun(String test, String protocol, List<ProtocolStream> streams, ProtocolExpectations expectations, Upstream upstream,
                   StreamingServer server, Function<Upstream.Recorded, String> requestProblem) {
        this.test = test;
        this.protocol = protocol;
        this.streams = streams;
        this.expectations = expectations;
        this.upstream = upstream;
        this.server = server;
        this.requestProblem = requestProblem;
    }

    /** Each client with the agent on every JDK; without it (the SDKs read the same on 17 and 25) on the build's JDK. */
    static Stream<Arguments> runs(ProtocolClient... clients) {
        return Stream.of(clients).flatMap(client -> Stream.concat(
                Stream.of(Arguments.of(client, Jdks.current(), false)),
                Jdks.all().stream().map(jdk -> Arguments.of(client, jdk, true))));
    }

    void assertEveryStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(ProtocolClient client, Jdks.Jdk jdk,
                                                                                        boolean withAgent) throws Exception {
        String tag = SdkRun.newTag();
        List<String> targets = streams.stream().map(s -> s.target(upstream, server, tag, withAgent)).collect(Collectors.toList());
        List<String> jvm = new ArrayList<>(SMALL_HEAP);
        if (withAgent) {
            jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        }
        ForkedJvm.Exit exit = ForkedJvm.run(client.command(jdk, jvm, SdkDeviationsIT.CALL_TIMEOUT_MILLIS, targets), 300);
        Map<Integer, ChatResult> results = ChatResult.parse(exit.stdout);
        SdkRun.assertLabels(targets, results);
        boolean outOfMemory = exit.stdout.contains(SdkFloodIT.OOM_MARKER);

        List<String> problems = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            ProtocolStream stream = streams.get(i);
            ChatResult seen = results.get(i);
            if (stream.source == ProtocolStream.Source.FLOOD) {
                problems.addAll(floodProblems(client, stream, seen, targets.get(i), withAgent, outOfMemory));
                if (withAgent) {
                    problems.addAll(reportProblems(stream, targets.get(i), exit.stderr));
                }
                continue;
            }
            if (seen == null) {
                problems.add(stream + ": no result; " + exit);
                continue;
            }
            problems.addAll(expectations.problems(client, stream, seen, withAgent));
            problems.addAll(requestProblems(client, stream, targets.get(i)));
            if (withAgent) {
                problems.addAll(reportProblems(stream, targets.get(i), exit.stderr));
            }
            if (withAgent && stream.source == ProtocolStream.Source.STALL) {
                problems.addAll(server.heldOpenProblems(test, stream.name, targets.get(i), seen.endedAtMillis, 1000));
            }
        }
        assertEquals(List.of(), problems, problems.size() + " problems in " + streams.size() + " calls");
        if (withAgent) {
            assertEquals(0, exit.code, "client exit: " + exit);
            AgentOutput.assertCleanStart(exit.stderr);
        } else {
            assertFalse(exit.stderr.contains("streamguard"), exit.stderr);
        }
    }

    /**
     * The flood, the last call: with the agent the cap failure reaches the application, no function call does,
     * no OutOfMemoryError is thrown anywhere, and the upstream sees the client go away. Without it, what the
     * client does is documented, and whether its heap runs out; a client whose heap runs out may not report the
     * call at all (as {@link SdkFloodIT} accepts).
     */
    private List<String> floodProblems(ProtocolClient client, ProtocolStream flood, ChatResult seen, String target, boolean withAgent,
                                       boolean outOfMemory) throws InterruptedException {
        String summary = seen == null ? "no result" : seen.summary();
        System.out.println(test + " " + client + ", agent " + withAgent + ": the flood: " + summary + (outOfMemory ? " (out of memory)" : ""));
        List<String> problems = new ArrayList<>();
        if (!withAgent) {
            boolean exhausts = expectations.floodExhaustsHeap(client);
            if (outOfMemory != exhausts) {
                problems.add("flood: the heap " + (outOfMemory ? "ran out" : "did not run out") + "; documented the other way");
            }
            if (seen == null && outOfMemory && exhausts) {
                return problems; // the JVM ran out of heap before the application could report the call
            }
            String documented = expectations.documented(client, flood);
            if (documented == null || !SdkExpectations.matches(documented, summary)) {
                problems.add("flood: documented '" + documented + "', saw '" + summary + "'");
            }
            return problems;
        }
        if (outOfMemory) {
            problems.add("flood: the JVM ran out of memory");
        }
        if (seen == null || !flood.failedAsItMust(seen) || !seen.tools.isEmpty()) {
            problems.add("flood: expected the failure '" + flood.failure + "' and no function call, saw '" + summary + "'");
        }
        String ending = server.awaitEnding(StreamingServer.withoutWait(target));
        if (ending == null || !ending.startsWith("client gone after ")) {
            problems.add("flood: the client did not stop reading it: " + ending);
        }
        return problems;
    }

    /**
     * The agent's log line for the stream. A stream whose events pass untouched (a compliant one, the stall) is
     * not logged. Every other stream is logged once: under the protocol's name, {@code outcome=failed} for a
     * stream the guard must fail, else {@code repaired}, and its rules among {@code rules=} (which may name
     * others as well, e.g. D42 when a busy machine's upstream ends its body late).
     */
    private List<String> reportProblems(ProtocolStream stream, String target, String stderr) {
        String prefix = stream.pathPrefix(target);
        List<String> lines = stderr.lines().filter(l -> l.contains(" streamguard - stream ts=") && l.contains(" path=" + prefix))
                .collect(Collectors.toList());
        if (stream.rules.isEmpty()) {
            return lines.isEmpty() ? List.of() : List.of(stream + ": a stream passed untouched was logged: " + lines);
        }
        if (lines.size() != 1) {
            return List.of(stream + ": " + lines.size() + " lines instead of 1 in the agent's log for " + prefix + ": " + lines);
        }
        String line = lines.get(0);
        List<String> problems = new ArrayList<>();
        if (!protocol.equals(field(line, "protocol"))) {
            problems.add(stream + ": protocol=" + field(line, "protocol") + " instead of " + protocol + ": " + line);
        }
        String outcome = stream.failure != null ? "failed" : "repaired";
        if (!outcome.equals(field(line, "outcome"))) {
            problems.add(stream + ": outcome=" + field(line, "outcome") + " instead of " + outcome + ": " + line);
        }
        String rules = field(line, "rules");
        List<String> named = rules == null ? List.of() : Stream.of(rules.split(",")).map(r -> r.split(":")[0]).collect(Collectors.toList());
        if (!named.containsAll(stream.rules)) {
            problems.add(stream + ": rules=" + rules + " does not name all of " + stream.rules + ": " + line);
        }
        return problems;
    }

    /** The value of {@code key=} in an agent's log line (the fields read here are never quoted), or null. */
    private static String field(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=([^ ]*)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The call reached the upstream once, as a POST to the client's request path declaring get_weather with its required city. */
    private List<String> requestProblems(ProtocolClient client, ProtocolStream stream, String target) {
        if (stream.source != ProtocolStream.Source.SDK_STREAM) {
            return List.of();
        }
        String prefix = stream.pathPrefix(target);
        List<String> problems = SdkDeviationsIT.requestProblems(upstream, stream.name, prefix, client.requestPath());
        if (!problems.isEmpty()) {
            return problems;
        }
        String problem = requestProblem.apply(upstream.recorded(prefix).get(0));
        return problem == null ? List.of() : List.of(stream + ": " + problem);
    }

    /** The names of the streams of {@code sdk-streams/<dir>}, sorted. */
    static List<String> filesOf(String dir) throws java.io.IOException {
        try (Stream<java.nio.file.Path> list = java.nio.file.Files.list(Upstream.SDK_STREAMS.resolve(dir))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sse"))
                    .map(n -> n.substring(0, n.length() - ".sse".length())).sorted().collect(Collectors.toList());
        }
    }

    /** The names of the streams read from files, sorted: with {@link #filesOf}, none of the directory is left unread. */
    static List<String> namesRead(List<ProtocolStream> streams) {
        return streams.stream().filter(s -> s.source == ProtocolStream.Source.SDK_STREAM).map(s -> s.name).sorted().collect(Collectors.toList());
    }
}
