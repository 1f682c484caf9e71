package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D14: no [DONE] although every choice finished")
class MissingDoneRuleTest {
    @Test
    void doneIsAddedAtTheEndOfTheBody() {
        GuardRun run = assertFixture("openai/d14-missing-done");
        assertEquals(1, NaiveOpenAiClient.read(run.text()).dones);
    }

    @Test
    void theAddedDoneUsesTheStreamsLineEndings() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\r\n\r\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body + "data: [DONE]\r\n\r\n", run.text());
    }

    @Test
    void aLastEventWithoutItsBlankLineIsCompletedBeforeTheDone() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body + "\n\ndata: [DONE]\n\n", run.text());
        assertEquals(null, run.failure);
    }

    @Test
    void everyChoiceMustHaveFinished() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals("streamguard: stream truncated: the body ended after 1 events (" + body.length()
                + " bytes) without [DONE]; choice 1 had no finish_reason", run.failure.getMessage());
    }
}
