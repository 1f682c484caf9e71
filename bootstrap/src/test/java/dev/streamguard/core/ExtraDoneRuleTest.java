package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D13: [DONE] repeated, data after it, [DONE] in Anthropic streams")
class ExtraDoneRuleTest {
    @Test
    void aSecondDoneIsDropped() {
        GuardRun run = assertFixture("openai/d13-duplicate-done");
        assertEquals(1, NaiveOpenAiClient.read(run.text()).dones);
        assertEquals(2, NaiveOpenAiClient.read(Fixture.load("openai/d13-duplicate-done").input).dones);
    }

    @Test
    void dataAfterDoneIsDropped() {
        GuardRun run = assertFixture("openai/d13-data-after-done");
        assertEquals(0, NaiveOpenAiClient.read(run.text()).errors.size());
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d13-data-after-done").input).errors.contains("data after [DONE]"));
    }

    @Test
    void doneInAnAnthropicStreamIsDropped() {
        GuardRun run = assertFixture("anthropic/d13-done-in-anthropic");
        assertTrue(NaiveAnthropicClient.read(run.text()).stopped);
    }

    @Test
    void aDroppedEventEndingInCrTakesItsLateLfWithIt() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\ndata: [DONE]\r\n\r\ndata: [DONE]\r\n\r\n";
        int cr = body.lastIndexOf("\r\n");
        GuardRun run = GuardRun.pull(body, GuardRun.config(""), null, dev.streamguard.testing.Chunking.splitAt(cr + 1));
        assertEquals(body.substring(0, body.length() - "data: [DONE]\r\n\r\n".length()), run.text());
    }
}
