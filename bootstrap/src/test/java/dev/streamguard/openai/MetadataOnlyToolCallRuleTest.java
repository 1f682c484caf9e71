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

@DisplayName("D35: metadata-only tool call deltas")
class MetadataOnlyToolCallRuleTest {
    @Test
    void aThoughtSignatureDeltaBecomesAContinuationOfItsCallAndKeepsTheSignature() {
        GuardRun run = assertFixture("openai/d35-metadata-only-delta");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("{\"city\":\"Paris\"}", client.call(0).arguments.toString());
        assertTrue(run.text().contains("\"thought_signature\":\"CiQB0e2Kb8xQ==\""));
        List<String> without = NaiveOpenAiClient.read(Fixture.load("openai/d35-metadata-only-delta").input).errors;
        assertTrue(without.contains("`index` is not set"), without.toString());
    }
}
