package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D18: Anthropic events without event: lines")
class UnnamedEventRuleTest {
    @Test
    void everyEventGetsItsTypeAsEventName() {
        GuardRun run = assertFixture("anthropic/d18-unnamed-events");
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), NaiveAnthropicClient.read(run.text()).eventNames);
    }

    @Test
    void withoutTheGuardAnthropicJavaSeesAnEmptyStream() {
        assertEquals(List.of(), NaiveAnthropicClient.read(Fixture.load("anthropic/d18-unnamed-events").input).eventNames);
    }

    /**
     * An {@code event:} line with an empty value names no type (a client falls back to "message"), so it is D18
     * too: the name is written in its place, not before it (a later event line would win).
     */
    @Test
    void anEmptyEventLineIsNoNameAndIsReplaced() {
        String body = Fixture.load("anthropic/compliant-text").input.replaceAll("event: [a-z_]+\n", "event:\n");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(Fixture.load("anthropic/compliant-text").input, run.text());
        assertEquals(8, run.report.count(dev.streamguard.core.Deviation.D18), "every event of the fixture");
    }
}
