package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("G4: a Gemini candidate that finished for another reason than STOP or MAX_TOKENS")
class FinishReasonRuleTest {
    @Test
    void anUnusualFinishIsReportedAndPasses() {
        assertFixture("gemini/g4-malformed-function-call");
    }

    @Test
    void whereConfiguredItFailsNamingTheReasonAndMessage() {
        assertFixture("gemini/g4-malformed-function-call-fails");
    }

    @Test
    void aBlockedPromptFailsWhereConfigured() {
        Fixture f = Fixture.load("gemini/g4-prompt-blocked");
        GuardRun run = GuardRun.pull(f.input, GuardRun.config("gemini.finish-reason=fail"), null, Chunking.whole());
        assertEquals("streamguard: the prompt was blocked: PROHIBITED_CONTENT (gemini.finish-reason=fail)", run.failure.getMessage());
        assertEquals("", run.text());
        assertEquals(Map.of(Deviation.G4, 1), run.report.deviations());
    }

    /** MAX_TOKENS is a normal end: nothing reported, even where unusual finishes fail. */
    @Test
    void maxTokensIsANormalEnd() {
        String body = Fixture.load("gemini/compliant-text").input.replace("\"STOP\"", "\"MAX_TOKENS\"");
        GuardRun run = GuardRun.pull(body, GuardRun.config("gemini.finish-reason=fail"), null, Chunking.whole());
        assertEquals(null, run.failure);
        assertEquals(body, run.text());
        assertEquals(Map.of(), run.report.deviations());
    }
}
