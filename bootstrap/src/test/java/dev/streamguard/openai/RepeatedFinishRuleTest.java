package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.StreamContext;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D24: more than one finish for a choice, or deltas after its finish")
class RepeatedFinishRuleTest {
    @Test
    void aStopBeforeTheContentMovesAfterIt() {
        GuardRun run = assertFixture("openai/d24-stop-before-content");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("Hello world", client.content.toString());
        assertEquals(List.of("stop"), client.finishReasons);
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d24-stop-before-content").input).errors
                .contains("a chunk after every choice finished"), "what openai-java's accumulator fails on without the guard");
    }

    @Test
    void aRepeatedFinishIsDropped() {
        GuardRun run = assertFixture("openai/d24-repeated-finish");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals(List.of("stop"), client.finishReasons);
    }

    @Test
    void aFinishOnEveryChunkKeepsOnlyTheLast() {
        GuardRun run = assertFixture("openai/d24-finish-on-every-chunk");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("Hello", client.content.toString());
        assertEquals(List.of("stop"), client.finishReasons);
    }

    /**
     * The bound the docs state: the chunk that finishes a choice is held until the next event arrives, and no
     * longer (one event, whatever its size); every other event goes out as soon as it is complete.
     */
    @Test
    void theFinishChunkIsHeldUntilTheNextEventAndNoLonger() throws Exception {
        String[] events = Fixture.load("openai/d24-stop-before-content").input.split("(?<=\n\n)");
        assertEquals(4, events.length);
        GuardEngine engine = new GuardEngine(GuardRun.config(""), new StreamContext(null, "test", null, null));
        ByteQueue out = new ByteQueue();
        int[] heldAfter = new int[events.length];
        for (int i = 0; i < events.length; i++) {
            byte[] raw = events[i].getBytes(StandardCharsets.UTF_8);
            engine.feed(raw, 0, raw.length, out);
            heldAfter[i] = out.available() == 0 ? 1 : 0;
            out.drainToBuffer();
        }
        assertEquals(1, heldAfter[0], "the first chunk, which finishes the choice, waits");
        assertEquals(0, heldAfter[1], "the next event releases it (without its finish), with itself");
        assertEquals(0, heldAfter[2], "nothing else waits");
        assertEquals(0, heldAfter[3], "[DONE] goes out with the finish it brings");
    }

    @Test
    void aCommentAfterAHeldFinishStaysBehindIt() {
        String finish = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        String body = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + finish + ": keep-alive\n\n" + "data: [DONE]\n\n";
        assertEquals(body, GuardRun.enforce(body).text(), "the same bytes in the same order");
    }
}
