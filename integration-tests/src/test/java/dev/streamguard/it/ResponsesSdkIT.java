package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamguard.testing.JsonTree;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * JDK) each application must see what the stream means, or the guard's {@code streamguard:} failure, and the
 * agent must log the stream as {@code protocol=openai_responses}; the held-open stream must end within a second
 * of its last event, and the flood must fail at the cap without an OutOfMemoryError. Every call must reach the
 * upstream once (retries are off) on {@code /v1/responses}, declaring get_weather with its required city.
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
                problems.addAll(endProblems(stream, targets.get(i), seen));
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

    /**
     * The flood, the last call: with the agent the cap failure reaches the application, no function call does,
     * no OutOfMemoryError is thrown anywhere, and the upstream sees the client go away. Without it, what the
     * client does is documented, and whether its heap runs out.
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
            problems.add("flood: expected the cap failure and no function call, saw '" + summary + "'");
        }
        String root = target.substring(0, target.indexOf('#'));
        String ending = server.ending(root);
        for (int i = 0; ending == null && i < 50; i++) {
            Thread.sleep(100); // the server's write fails when the client goes away; give its thread a moment
            ending = server.ending(root);
        }
        if (ending == null || !ending.startsWith("client gone after ")) {
            problems.add("flood: the client did not stop reading it: " + ending);
        }
        return problems;
    }

    /**
     * The agent's log line for the stream: a stream the guard must fail is logged failed, a stream that breaks a
     * client without the agent is logged repaired, a compliant one is not logged (it passed untouched), and every
     * line names the protocol {@code openai_responses}.
     */
    private static List<String> reportProblems(ResponsesStream stream, String target, String stderr) {
        String prefix = stream.pathPrefix(target);
        List<String> lines = stderr.lines().filter(l -> l.contains(" streamguard - stream ts=") && l.contains(" path=" + prefix))
                .collect(Collectors.toList());
        List<String> problems = new ArrayList<>();
        if (lines.stream().anyMatch(l -> !l.contains(" protocol=openai_responses "))) {
            problems.add(stream + ": a log line without 'protocol=openai_responses': " + lines);
        }
        if (stream.compliant() && !lines.isEmpty()) {
            problems.add(stream + ": a compliant stream was logged: " + lines);
        }
        String outcome = stream.failure != null ? "failed" : ResponsesExpectations.breaksSomeClient(stream) ? "repaired" : null;
        if (outcome != null && lines.stream().noneMatch(l -> l.contains(" outcome=" + outcome + " "))) {
            problems.add(stream + ": no 'outcome=" + outcome + "' line in the agent's log for " + prefix + ": " + lines);
        }
        return problems;
    }

    /** With the agent, a connection held open after response.completed ends the call within a second of it (D42). */
    private static List<String> endProblems(ResponsesStream stream, String target, ChatResult seen) {
        Long sent = server.lastEventSent(target.substring(0, target.indexOf('#')));
        if (sent == null || seen.endedAtMillis == 0) {
            return List.of(stream + ": no time for the last event (" + sent + ") or for the end of the call (" + seen.endedAtMillis + ")");
        }
        long took = seen.endedAtMillis - sent;
        System.out.println("ResponsesSdkIT " + stream + ": the call ended " + took + " ms after the upstream's last event");
        return took <= 1000 ? List.of() : List.of(stream + ": the call ended " + took + " ms after the last event, more than 1000");
    }

    /** The call reached the upstream once, as a streaming POST to /v1/responses declaring get_weather with its required city. */
    @SuppressWarnings("unchecked")
    private static List<String> requestProblems(ResponsesStream stream, String target) {
        if (stream.source != ResponsesStream.Source.SDK_STREAM) {
            return List.of();
        }
        String prefix = stream.pathPrefix(target);
        List<Upstream.Recorded> requests = upstream.recorded(prefix);
        if (requests.size() != 1) {
            return List.of(stream + ": " + requests.size() + " requests instead of 1: " + requests);
        }
        Upstream.Recorded r = requests.get(0);
        String path = prefix.substring(0, prefix.length() - 1) + ResponsesClient.REQUEST_PATH;
        if (!r.method.equals("POST") || !r.path.equals(path)) {
            return List.of(stream + ": " + r.method + " " + r.path + " instead of POST " + path);
        }
        Map<String, Object> body = JsonTree.object(r.body);
        Object required = null;
        for (Object o : (List<Object>) body.getOrDefault("tools", List.of())) {
            Map<String, Object> tool = (Map<String, Object>) o;
            if ("function".equals(tool.get("type")) && "get_weather".equals(tool.get("name")) && tool.get("parameters") instanceof Map) {
                required = ((Map<String, Object>) tool.get("parameters")).get("required");
            }
        }
        return Boolean.TRUE.equals(body.get("stream")) && List.of("city").equals(required) ? List.of()
                : List.of(stream + ": not a streaming request declaring get_weather requiring city: " + r.body);
    }
}
