package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_STOP;
import static dev.streamguard.anthropic.AnthropicEvents.named;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.NaiveAnthropicClient;
import dev.streamguard.testing.SseEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D38: message_start or message_delta without usage")
class MissingUsageRuleTest {
    @Test
    void zeroUsageIsAddedToTheStartAndTheDelta() {
        GuardRun run = assertFixture("anthropic/d38-no-usage");
        assertEquals(List.of(), NaiveAnthropicClient.read(run.text()).errors);
        List<SseEvents.Event> events = SseEvents.parse(run.text());
        assertEquals(Map.of("input_tokens", 0, "output_tokens", 0), usage(events.get(0).data, "message"));
        assertEquals(Map.of("output_tokens", 0), usage(events.get(4).data, null));
    }

    @Test
    void aNullUsageBecomesZeroUsage() {
        GuardRun run = assertFixture("anthropic/d38-null-usage-in-delta");
        assertEquals(List.of(), NaiveAnthropicClient.read(run.text()).errors);
    }

    @Test
    void withoutTheGuardAnthropicJavaFindsNoUsage() {
        assertEquals(List.of("`usage` is not set", "`usage` is not set"), NaiveAnthropicClient.read(Fixture.load("anthropic/d38-no-usage").input).errors);
        assertEquals(List.of("`usage` is not set"), NaiveAnthropicClient.read(Fixture.load("anthropic/d38-null-usage-in-delta").input).errors);
    }

    /** The usage goes after the last member, however the members are laid out; a usage that is there stays. */
    @Test
    void theUsageFollowsTheLastMember() {
        String start = named("message_start", "{\"type\":\"message_start\",\"message\":{ \"id\": \"msg_1\",\t\"content\": [] }}");
        String delta = named("message_delta", "{ \"delta\": {\"stop_reason\":\"end_turn\"}, \"type\": \"message_delta\" }");
        GuardRun run = GuardRun.enforce(start + delta + MESSAGE_STOP);
        assertEquals(named("message_start", "{\"type\":\"message_start\",\"message\":{ \"id\": \"msg_1\",\t\"content\": []"
                + ",\"usage\":{\"input_tokens\":0,\"output_tokens\":0} }}")
                + named("message_delta", "{ \"delta\": {\"stop_reason\":\"end_turn\"}, \"type\": \"message_delta\",\"usage\":{\"output_tokens\":0} }")
                + MESSAGE_STOP, run.text());
        assertEquals(Map.of(Deviation.D38, 2), run.report.deviations());
    }

    /** The usage of an event's data, or of its member {@code in}. */
    @SuppressWarnings("unchecked")
    private static Object usage(String data, String in) {
        Map<String, Object> event = JsonTree.object(data);
        return (in == null ? event : (Map<String, Object>) event.get(in)).get("usage");
    }
}
