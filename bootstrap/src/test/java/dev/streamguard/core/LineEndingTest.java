package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D22: CR and CRLF line endings, data: without a space")
class LineEndingTest {
    @Test
    void crlfPassesUnchangedAndIsReported() {
        GuardRun run = assertFixture("openai/d22-crlf");
        assertEquals("Hi", NaiveOpenAiClient.read(run.text()).content.toString());
    }

    @Test
    void crPassesUnchanged() {
        assertFixture("openai/d22-cr");
    }

    @Test
    void dataWithoutASpacePassesUnchanged() {
        assertFixture("openai/d22-no-space");
    }

    @Test
    void anthropicCrlfPassesUnchanged() {
        assertFixture("anthropic/d22-crlf");
    }

    @Test
    void aRepairedCrlfEventKeepsItsLineEndings() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":null}]}\r\n\r\n"
                + "data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
                + "data: [DONE]\r\n\r\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body.replace("data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",", "data:{\"choices\":[{\"index\":0,\"delta\":{"),
                run.text());
    }
}
