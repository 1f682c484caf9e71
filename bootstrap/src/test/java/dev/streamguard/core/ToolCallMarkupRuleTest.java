package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D45: a tool call written as text markup")
class ToolCallMarkupRuleTest {
    @Test
    void markupIsReportedAndPassesByDefault() {
        assertFixture("openai/d45-tool-call-markup");
    }

    /** Split across two fragments and escaped as Go servers write it ({@code \u003c}): found all the same. */
    @Test
    void configuredToFailItFailsWhereTheMarkupEnds() {
        assertFixture("openai/d45-tool-call-markup-fail");
    }

    @Test
    void markupInAnAnthropicTextDeltaIsReportedToo() {
        assertFixture("anthropic/d45-tool-call-markup");
    }

    @Test
    void withoutToolsInTheRequestTheTextIsNotRead() {
        Fixture f = Fixture.load("openai/d45-tool-call-markup");
        GuardRun run = GuardRun.pull(f.input, GuardRun.config(""), "{\"model\":\"m\",\"stream\":true,\"messages\":[]}", Chunking.whole());
        assertEquals(Map.of(), run.report.deviations());
    }
}
