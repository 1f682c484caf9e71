package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("D33: reasoning instead of reasoning_content")
class ReasoningAliasRuleTest {
    @Test
    void theThinkingIsAlsoGivenAsReasoningContent() {
        assertFixture("openai/d33-reasoning");
    }

    @Test
    void aDeltaThatHasReasoningContentIsLeftAlone() {
        String body = Fixture.load("openai/d33-reasoning").input.replace("{\"role\":\"assistant\",\"reasoning\":\"Think A.\"}",
                "{\"role\":\"assistant\",\"reasoning_content\":\"Think A.\",\"reasoning\":\"Think A.\"}")
                .replace("{\"reasoning\":\" Think B.\"}", "{\"reasoning_content\":\" Think B.\"}");
        assertEquals(body, GuardRun.enforce(body).text());
    }
}
