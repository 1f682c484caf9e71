package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D16: tool_use input in content_block_start")
class StartBlockInputRuleTest {
    @Test
    void theInputMovesIntoOneInputJsonDeltaAfterTheStart() {
        GuardRun run = assertFixture("anthropic/d16-input-in-start");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals(Map.of(), client.block(0).startInput);
        assertEquals(Map.of("city", "Paris", "units", Map.of("temp", "C")), JsonTree.parse(client.block(0).inputJson.toString()));
    }

    @Test
    void withoutTheGuardAnthropicJavaFindsNoInputJson() {
        NaiveAnthropicClient client = NaiveAnthropicClient.read(Fixture.load("anthropic/d16-input-in-start").input);
        assertTrue(client.errors.contains("Missing input JSON for index 0"));
    }
}
