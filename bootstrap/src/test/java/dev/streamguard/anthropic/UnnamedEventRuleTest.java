package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D18: Anthropic events without event: lines")
class UnnamedEventRuleTest {
    @Test
    void everyEventGetsItsTypeAsEventName() {
        GuardRun run = assertFixture("anthropic/d18-unnamed-events", Map.of(Deviation.D18, 6));
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), NaiveAnthropicClient.read(run.text()).eventNames);
    }

    @Test
    void withoutTheGuardAnthropicJavaSeesAnEmptyStream() {
        assertEquals(List.of(), NaiveAnthropicClient.read(Fixture.load("anthropic/d18-unnamed-events").input).eventNames);
    }
}
