package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D29: events without data (both protocols)")
class EmptyEventsTest {
    private static final String REQUEST = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void emptyDataAndFieldOnlyEventsAreDropped() {
        GuardRun run = assertFixture("openai/d29-empty-events");
        assertEquals(List.of(), NaiveOpenAiClient.read(run.text()).errors);
    }

    /** Anthropic: the name cut from its data by an injected keep-alive goes back to it; anthropic-java lost the event. */
    @Test
    void anAnthropicEventNameCutFromItsDataJoinsItAgain() {
        GuardRun run = assertFixture("anthropic/d29-event-name-cut-from-its-data");
        dev.streamguard.testing.NaiveAnthropicClient client = dev.streamguard.testing.NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("Hello, world", client.blocks.get(0).text.toString());
    }

    @Test
    void aCommentOnlyEventIsAKeepAliveAndStays() {
        String body = Fixture.load("openai/compliant-text").input;
        String withComment = body.replaceFirst("\n\n", "\n\n: keep-alive\n\n");
        assertEquals(withComment, GuardRun.enforce(withComment).text());
    }

    /** Before the protocol shows (an empty first event), an LLM request's stream drops it too; any other stream keeps it. */
    @Test
    void anEmptyFirstEventIsDroppedWhenTheRequestWasAnLlmStream() {
        String body = "data:\n\n" + Fixture.load("openai/compliant-text").input;
        GuardRun llm = GuardRun.pull(body, GuardRun.config(""), REQUEST, Chunking.whole());
        assertEquals(Fixture.load("openai/compliant-text").input, llm.text());
        assertEquals(Map.of(Deviation.D29, 1), llm.report.deviations());
        assertEquals(body, GuardRun.enforce(body).text(), "no request: not known to be an LLM stream");
    }

    @Test
    void aLoneEventNameJoinsTheDataThatFollowsIt() {
        String data = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\n";
        String body = data + "event: message\n: keep-alive\n\n" + data;
        GuardRun run = GuardRun.enforce(body);
        assertTrue(run.text().startsWith(data + "event: message\n" + data), run.text());
        assertEquals(1, run.report.count(Deviation.D29));
    }
}
