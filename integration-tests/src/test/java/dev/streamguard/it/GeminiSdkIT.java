package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Gemini clients (google-genai's {@code generateContentStream}, LangChain4j's
 * {@code GoogleAiGeminiStreamingChatModel}) read every stream of {@link GeminiStreams#all()} as
 * {@link ProtocolSdkRun} requires: compliant streams, a stream cut before its function call and one cut inside a
 * chunk (G1), an error chunk (G2), a stream held open after its last chunk (G5), and last an endless function call
 * (G3); logged as {@code protocol=gemini}.
 */
class GeminiSdkIT {
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();
    private static StreamingServer server;
    private static ProtocolSdkRun run;

    @BeforeAll
    static void start() throws Exception {
        server = new StreamingServer();
        // The path names the streaming method; the query asks for server-sent events.
        run = new ProtocolSdkRun("GeminiSdkIT", "gemini", GeminiStreams.all(), GeminiExpectations.EXPECTATIONS, upstream, server,
                r -> "alt=sse".equals(r.query) ? null : "the request asked for " + r.query + " instead of alt=sse");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> runs() {
        return ProtocolSdkRun.runs(GeminiClient.values());
    }

    @ParameterizedTest(name = "{0} on {1}, agent {2}")
    @MethodSource("runs")
    void everyStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(GeminiClient client, Jdks.Jdk jdk, boolean withAgent)
            throws Exception {
        run.assertEveryStreamAsDocumentedWithoutTheAgentAndAsItMeansOrFailedClearlyWithIt(client, jdk, withAgent);
    }

    /** Every stream of the directory is one of {@link GeminiStreams#all()}: none is left unread. */
    @Test
    void everyStreamOfTheDirectoryIsRead() throws Exception {
        assertEquals(ProtocolSdkRun.filesOf(GeminiStreams.DIR), ProtocolSdkRun.namesRead(GeminiStreams.all()));
    }
}
