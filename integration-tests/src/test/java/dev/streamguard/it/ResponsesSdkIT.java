package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamguard.testing.JsonTree;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real clients of OpenAI's Responses API (openai-java's {@code ResponseAccumulator}, LangChain4j's
 * {@code OpenAiResponsesStreamingChatModel}), each in one forked JVM with a 64 MiB heap, make one streaming
 * call with tools per stream of {@link ResponsesStream#all()}: compliant streams, the deviations R1 to R6, a
 * stream held open after {@code response.completed}, and last an endless function call. Without the agent each
 * client must read every stream exactly as {@link ResponsesExpectations} documents. With the agent (on every
 * JDK) each application must see what the stream means, or the guard's exact {@code streamguard:} failure, and
 * the agent must log every stream it changes once, as {@code protocol=openai_responses}, repaired or failed,
 * naming the stream's rules, and no other; the held-open stream must end within a second of its last event, and the
 * flood must fail at the cap without an OutOfMemoryError. Every call must reach the upstream once (retries are
 * off) on {@code /v1/responses}, declaring get_weather with its required city.
 */
class ResponsesSdkIT {
    /** The calls' JVM options: the flood's small heap, and a marker on stdout if the JVM runs out of it. */
    static final List<String> SMALL_HEAP = List.of(SdkFloodIT.HEAP, "-XX:OnOutOfMemoryError=echo " + SdkFloodIT.OOM_MARKER);

    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static StreamingServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new StreamingServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** With the agent on every JDK; without it (the SDKs read the same on 17 and 25) on the build's JDK. */
    static Stream<Arguments> runs() {
        return Stream.of(ResponsesClient.values()).flatMap(client -> Stream.concat(
                Stream.of(Arguments.of(client, Jdks.current(), false)),
                Jdks.all().stream().map(jdk -> Arguments.of(client, jdk, true))));
    }

    @ParameterizedTest(name = "{0} on {1}, agent {2}")
    @MethodSource("runs")
    void everyStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(ResponsesClient client, Jdks.Jdk jdk, boolean withAgent)
            throws Exception {
        List<ResponsesStream> streams = ResponsesStream.all();
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
            ResponsesStream stream = streams.get(i);
            ChatResult seen = results.get(i);
            if (stream.source == ResponsesStream.Source.FLOOD) {
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
            problems.addAll(ResponsesExpectations.problems(client, stream, seen, withAgent));
            problems.addAll(requestProblems(stream, targets.get(i)));
            if (withAgent) {
                problems.addAll(reportProblems(stream, targets.get(i), exit.stderr));
            }
            if (withAgent && stream.source == ResponsesStream.Source.STALL) {
                problems.addAll(server.heldOpenProblems("ResponsesSdkIT", stream.name, targets.get(i), seen.endedAtMillis, 1000));
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

    /** Every stream of the directory is one of {@link ResponsesStream#all()}: none is left unread. */
    @Test
    void everyStreamOfTheDirectoryIsRead() throws Exception {
        List<String> files;
        try (Stream<java.nio.file.Path> list = Files.list(Upstream.SDK_STREAMS.resolve(ResponsesStream.DIR))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sse"))
                    .map(n -> n.substring(0, n.length() - ".sse".length())).sorted().collect(Collectors.toList());
        }
        List<String> read = ResponsesStream.all().stream().filter(s -> s.source == ResponsesStream.Source.SDK_STREAM)
                .map(s -> s.name).sorted().collect(Collectors.toList());
        assertEquals(files, read);
    }

    /** The flood starts with the response every stream of the directory starts with (but for its id): it is in their shape. */
    @Test
    void theFloodStartsWithTheResponseOfTheStreams() {
        Map<String, Object> flood = createdResponse(ResponsesFlood.START);
        assertEquals("resp_f", flood.get("id"));
        flood.put("id", ResponsesStream.RESPONSE_ID);
        assertEquals(createdResponse(Upstream.read(Upstream.SDK_STREAMS.resolve(ResponsesStream.DIR).resolve("compliant-function-call.sse"))), flood);
    }

    /** The response of the stream's first event, which must be response.created. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> createdResponse(String stream) {
        String data = stream.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring("data: ".length());
        Map<String, Object> event = JsonTree.object(data);
        assertEquals("response.created", event.get("type"), data);
        return (Map<String, Object>) event.get("response");
    }

    /**
     * The flood, the last call: with the agent the cap failure reaches the application, no function call does,
     * no OutOfMemoryError is thrown anywhere, and the upstream sees the client go away. Without it, what the
     * client does is documented, and whether its heap runs out; a client whose heap runs out may not report the
     * call at all (as {@link SdkFloodIT} accepts).
     */
    private static List<String> floodProblems(ResponsesClient client, ResponsesStream flood, ChatResult seen, String target,
                                              boolean withAgent, boolean outOfMemory) throws InterruptedException {
        String summary = seen == null ? "no result" : seen.summary();
        System.out.println("ResponsesSdkIT " + client + ", agent " + withAgent + ": the flood: " + summary + (outOfMemory ? " (out of memory)" : ""));
        List<String> problems = new ArrayList<>();
        if (!withAgent) {
            boolean exhausts = ResponsesExpectations.FLOOD_EXHAUSTS_HEAP.contains(client);
            if (outOfMemory != exhausts) {
                problems.add("flood: the heap " + (outOfMemory ? "ran out" : "did not run out") + "; documented the other way");
            }
            if (seen == null && outOfMemory && exhausts) {
                return problems; // the JVM ran out of heap before the application could report the call
            }
            String documented = ResponsesExpectations.BROKEN_WITHOUT_AGENT.get(client).get(flood.name);
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
     * not logged. Every other stream is logged once: {@code protocol=openai_responses}, {@code outcome=failed} for
     * a stream the guard must fail, else {@code repaired}, and its rules among {@code rules=} (which may name
     * others as well, e.g. D42 when a busy machine's upstream ends its body late).
     */
    private static List<String> reportProblems(ResponsesStream stream, String target, String stderr) {
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
        if (!"openai_responses".equals(field(line, "protocol"))) {
            problems.add(stream + ": protocol=" + field(line, "protocol") + " instead of openai_responses: " + line);
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

    /**
     * The call reached the upstream once, as a POST to /v1/responses declaring get_weather with its required
     * city (in the Responses API's flat tool shape), and asked for a stream.
     */
    private static List<String> requestProblems(ResponsesStream stream, String target) {
        if (stream.source != ResponsesStream.Source.SDK_STREAM) {
            return List.of();
        }
        String prefix = stream.pathPrefix(target);
        List<String> problems = SdkDeviationsIT.requestProblems(upstream, stream.name, prefix, ResponsesClient.REQUEST_PATH);
        if (!problems.isEmpty()) {
            return problems;
        }
        String body = upstream.recorded(prefix).get(0).body;
        return Boolean.TRUE.equals(JsonTree.object(body).get("stream")) ? List.of() : List.of(stream + ": not a streaming request: " + body);
    }
}
