package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D28: the last event without a blank line at the end of the body")
class EndOfBodyTest {
    @Test
    void aDoneWithoutItsBlankLineGetsOne() {
        assertFixture("openai/d28-done-without-blank-line");
    }

    /** anthropic-java never dispatches an unterminated event: without the blank line, message_stop is lost. */
    @Test
    void aMessageStopWithoutItsBlankLineGetsOne() {
        GuardRun run = assertFixture("anthropic/d28-message-stop-without-blank-line");
        assertTrue(run.text().endsWith("data: {\"type\":\"message_stop\"}\n\n"));
        assertTrue(NaiveAnthropicClient.read(run.text()).stopped);
    }

    @Test
    void observeModeAddsNothingButReportsIt() {
        Fixture f = Fixture.load("openai/d28-done-without-blank-line");
        GuardRun run = GuardRun.pull(f.input, f.guardConfig("observe"), null, dev.streamguard.testing.Chunking.whole());
        assertEquals(f.input, run.text());
        assertEquals(Map.of(Deviation.D28, 1), run.report.deviations());
    }
}
