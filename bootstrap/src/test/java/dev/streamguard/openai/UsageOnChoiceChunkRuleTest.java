package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D23: usage on a chunk that carries choices")
class UsageOnChoiceChunkRuleTest {
    @Test
    void theChunkIsSplitIntoTheChoicesAndAUsageOnlyChunk() {
        GuardRun run = assertFixture("openai/d23-usage-on-choice-chunk");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals(1, client.usageChunks);
        assertEquals(List.of("stop"), client.finishReasons);
        assertEquals(4, run.report.eventsIn());
        assertEquals(5, run.report.eventsOut());
    }

    @Test
    void withoutTheGuardTheAccumulatorSeesUsageOnAChoiceChunk() {
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d23-usage-on-choice-chunk").input).errors
                .contains("usage on a chunk with choices"));
    }

    @Test
    void nullUsageOnEveryChunkIsTheReferenceShapeAndPasses() {
        assertFixture("openai/compliant-usage");
    }
}
