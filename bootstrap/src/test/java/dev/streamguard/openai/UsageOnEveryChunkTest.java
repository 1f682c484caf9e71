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

@DisplayName("D25: usage on every chunk")
class UsageOnEveryChunkTest {
    @Test
    void choicesGoOutWithoutUsageAndTheLastUsageOnceBeforeDone() {
        GuardRun run = assertFixture("openai/d25-usage-on-every-chunk");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals(1, client.usageChunks);
        assertEquals("Hi there", client.content.toString());
        List<SseEvents.Event> events = SseEvents.parse(run.text());
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) JsonTree.object(events.get(events.size() - 2).data).get("usage");
        assertEquals(3L, ((Number) usage.get("completion_tokens")).longValue(), "the last usage the upstream sent");
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d25-usage-on-every-chunk").input).errors
                .contains("usage on a chunk with choices"));
    }

    /** The upstream's own usage-only chunk after usage on the choice chunks carries the last usage: no second one. */
    @Test
    void anUpstreamUsageOnlyChunkIsTheOneUsageChunk() {
        String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
        String usage = "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}";
        String body = head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]," + usage + "}\n\n"
                + head + "\"choices\":[]," + usage + "}\n\n" + "data: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n"
                + head + "\"choices\":[]," + usage + "}\n\n" + "data: [DONE]\n\n", run.text());
    }
}
