package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.JsonTree;
import java.util.Map;
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
 * {@code OpenAiResponsesStreamingChatModel}) read every stream of {@link ResponsesStreams#all()} as
 * {@link ProtocolSdkRun} requires: compliant streams, the deviations R1 to R6, a stream held open after
 * {@code response.completed}, and last an endless function call; logged as {@code protocol=openai_responses}.
 * Every request must also ask for a stream.
 */
class ResponsesSdkIT {
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static StreamingServer server;
    private static ProtocolSdkRun run;

    @BeforeAll
    static void start() throws Exception {
        server = new StreamingServer();
        run = new ProtocolSdkRun("ResponsesSdkIT", "openai_responses", ResponsesStreams.all(), ResponsesExpectations.EXPECTATIONS,
                upstream, server, r -> Boolean.TRUE.equals(JsonTree.object(r.body).get("stream")) ? null : "not a streaming request: " + r.body);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> runs() {
        return ProtocolSdkRun.runs(ResponsesClient.values());
    }

    @ParameterizedTest(name = "{0} on {1}, agent {2}")
    @MethodSource("runs")
    void everyStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(ResponsesClient client, Jdks.Jdk jdk, boolean withAgent)
            throws Exception {
        run.assertEveryStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(client, jdk, withAgent);
    }

    /** Every stream of the directory is one of {@link ResponsesStreams#all()}: none is left unread. */
    @Test
    void everyStreamOfTheDirectoryIsRead() throws Exception {
        assertEquals(ProtocolSdkRun.filesOf(ResponsesStreams.DIR), ProtocolSdkRun.namesRead(ResponsesStreams.all()));
    }

    /** The flood starts with the response every stream of the directory starts with (but for its id): it is in their shape. */
    @Test
    void theFloodStartsWithTheResponseOfTheStreams() {
        Map<String, Object> flood = createdResponse(ResponsesFlood.START);
        assertEquals("resp_f", flood.get("id"));
        flood.put("id", ResponsesStreams.RESPONSE_ID);
        assertEquals(createdResponse(Upstream.read(Upstream.SDK_STREAMS.resolve(ResponsesStreams.DIR).resolve("compliant-function-call.sse"))), flood);
    }

    /** The response of the stream's first event, which must be response.created. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> createdResponse(String stream) {
        String data = stream.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring("data: ".length());
        Map<String, Object> event = JsonTree.object(data);
        assertEquals("response.created", event.get("type"), data);
        return (Map<String, Object>) event.get("response");
    }
}
