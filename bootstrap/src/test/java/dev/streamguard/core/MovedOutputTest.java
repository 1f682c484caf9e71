package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The pull adapter read out through a buffered upstream (OkHttp's glue): what passes unchanged leaves where the
 * upstream buffered it. That the output is right whatever the stream is, {@code DeviationChunkingPropertyTest} and the
 * fuzzer show for every fixture and input; this shows the bytes are moved, not copied.
 */
class MovedOutputTest {
    private static final String HEAD = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[";

    private static String textStream(int words) {
        StringBuilder sb = new StringBuilder(HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < words; i++) {
            sb.append(HEAD).append("{\"index\":0,\"delta\":{\"content\":\" word").append(i).append("\"},\"finish_reason\":null}]}\n\n");
        }
        return sb.append(HEAD).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").toString();
    }

    @Test
    void aCompliantStreamLeavesByteForByteNearlyAllOfItWhereItLay() {
        String body = textStream(400);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        // All but the first events (taken on the full path) and those a chunk cuts (kept, then written out whole): the
        // smaller the chunks, the larger the share of cut events (some 4 events a chunk of at most 1 KiB, one of them cut).
        assertMovedOut(body, Chunking.whole(), length * 99 / 100);
        assertMovedOut(body, Chunking.random(3, 8192), length * 9 / 10);
        assertMovedOut(body, Chunking.random(5, 1024), length * 6 / 10);
    }

    private static void assertMovedOut(String body, Chunking chunking, int atLeast) {
        GuardRun run = GuardRun.pullMovedOut(body, GuardRun.config(""), null, chunking);

        assertEquals(body, run.text());
        assertEquals(null, run.failure);
        assertTrue(run.movedOut >= atLeast, run.movedOut + " bytes moved out, expected at least " + atLeast);
    }

    @Test
    void aStreamTheGuardRewritesEventByEventLeavesMostlyAsCopies() {
        // Every event's tool call carries an id and a name again (D1 each time): each is rewritten, so copied.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(HEAD).append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",")
                    .append("\"function\":{\"name\":\"get_weather\",\"arguments\":\"").append(i == 0 ? "{" : i == 19 ? "}" : " ")
                    .append("\"}}]},\"finish_reason\":null}]}\n\n");
        }
        sb.append(HEAD).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
        GuardRun pulled = GuardRun.pull(sb.toString(), GuardRun.config(""), null, Chunking.whole());

        GuardRun moved = GuardRun.pullMovedOut(sb.toString(), GuardRun.config(""), null, Chunking.whole());

        assertTrue(pulled.text().length() < sb.length(), "the repeated names and ids are dropped");
        assertEquals(pulled.text(), moved.text());
        assertTrue(moved.movedOut < moved.output.length / 2, moved.movedOut + " of " + moved.output.length + " bytes moved out");
    }
}
