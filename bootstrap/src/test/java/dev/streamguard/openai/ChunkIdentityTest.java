package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.NaiveOpenAiClient;
import dev.streamguard.testing.SseEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D26: chunks without id, model or created")
class ChunkIdentityTest {
    @Test
    void everyChunkGetsTheStreamsIdentity() {
        GuardRun run = assertFixture("openai/d26-missing-identity");
        for (SseEvents.Event e : SseEvents.parse(run.text())) {
            if (e.data.equals("[DONE]")) {
                continue;
            }
            Map<String, Object> chunk = JsonTree.object(e.data);
            assertEquals("chatcmpl-1", chunk.get("id"), e.data);
            assertEquals("gpt-4o", chunk.get("model"), e.data);
            assertEquals(1700000000L, ((Number) chunk.get("created")).longValue(), e.data);
        }
        assertEquals(List.of(), NaiveOpenAiClient.read(run.text()).errors);
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d26-missing-identity").input).errors.contains("`id` is not set"));
    }

    @Test
    void aNullIdIsReplacedWhereItStands() {
        String first = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
        String second = "data: {\"id\":null,\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        GuardRun run = GuardRun.enforce(first + second + "data: [DONE]\n\n");
        assertEquals(first + second.replace("\"id\":null", "\"id\":\"c1\"") + "data: [DONE]\n\n", run.text());
    }
}
