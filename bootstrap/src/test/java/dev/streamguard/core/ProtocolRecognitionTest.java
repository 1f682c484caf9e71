package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What is not an OpenAI (Chat Completions or Responses) or Anthropic stream passes through untouched, whatever it contains. */
class ProtocolRecognitionTest {
    @ParameterizedTest
    @ValueSource(strings = {
        // a plain text SSE stream
        "event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n",
        // a JSON stream of another kind, including [DONE] twice and an error key later
        "data: {\"kind\":\"update\",\"n\":1}\n\ndata: [DONE]\n\ndata: [DONE]\n\ndata: {\"error\":{\"message\":\"x\"}}\n\n",
        // typed events of another kind, with Anthropic-like words in them
        "event: job.update\ndata: {\"type\":\"job.update\",\"message\":{}}\n\nevent: job.done\ndata: {\"type\":\"job.done\",\"delta\":\"x\"}\n\n",
        // comments and retry only
        ": keep-alive\n\nretry: 1000\n\n"})
    void unknownStreamsPassUntouched(String body) {
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = push ? GuardRun.push(body, GuardRun.config(""), null, Chunking.random(1, 5))
                    : GuardRun.pull(body, GuardRun.config(""), null, Chunking.random(1, 5));
            assertEquals(body, run.text());
            assertNull(run.failure);
            assertEquals(Protocol.UNKNOWN, run.report.protocol());
            assertEquals(Map.of(), run.report.deviations());
        }
    }

    /** D44: neither a malformed first event nor a gateway's status event makes the guard go blind. */
    @Test
    void theProtocolIsRecognisedOnALaterEvent() {
        GuardRun malformedFirst = GuardRun.enforce("data: {\"choices\":[\n\ndata: {\"choices\":[]}\n\n");
        assertEquals(Protocol.OPENAI_CHAT, malformedFirst.report.protocol());
        assertEquals("streamguard: stream truncated: the body ended after 2 events (42 bytes) without [DONE] and before any choice",
                malformedFirst.failure.getMessage());
        String queued = "data: {\"status\":\"queued\"}\n\n";
        String chat = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
        GuardRun afterStatus = GuardRun.enforce(queued + chat);
        assertEquals(Protocol.OPENAI_CHAT, afterStatus.report.protocol());
        assertEquals(queued + chat.replace("{\"role\":\"assistant\",\"content\":\"b\"}", "{\"content\":\"b\"}"), afterStatus.text(),
                "repaired (D2) after the status event");
        assertEquals(Map.of(Deviation.D2, 1, Deviation.D44, 1), afterStatus.report.deviations());
    }

    @Test
    void commentsBeforeTheFirstJsonEventDoNotDecideTheProtocol() {
        String body = ": hello\n\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n";
        assertEquals(Protocol.ANTHROPIC_MESSAGES, GuardRun.enforce(body).report.protocol());
    }

    @Test
    void anAzureFilterChunkWithAnEmptyObjectIsOpenAi() {
        String body = "data: {\"choices\":[],\"object\":\"\",\"prompt_filter_results\":[]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(Protocol.OPENAI_CHAT, run.report.protocol());
        assertEquals(body, run.text());
    }

    @Test
    void aMalformedEventInARecognisedStreamPassesAndIsCounted() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{oops}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body, run.text());
        assertEquals(1, run.report.malformedEvents());
    }
}
