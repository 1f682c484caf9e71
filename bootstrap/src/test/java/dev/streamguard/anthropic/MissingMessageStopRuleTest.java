package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Outcome;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D19: Anthropic body ends before message_stop")
class MissingMessageStopRuleTest {
    @Test
    void afterAStopReasonOnlyTheTerminatorIsAdded() {
        GuardRun run = assertFixture("anthropic/d19-missing-message-stop", Map.of(Deviation.D19, 1));
        assertTrue(NaiveAnthropicClient.read(run.text()).stopped);
    }

    @Test
    void withoutAStopReasonTheStreamWasCutAndFailsAsTruncated() {
        GuardRun run = assertFixture("anthropic/d19-truncated", Map.of(Deviation.D15, 1));
        assertEquals(StreamGuardException.Cause.TRUNCATED, run.report.failureCause());
        NaiveAnthropicClient unguarded = NaiveAnthropicClient.read(Fixture.load("anthropic/d19-truncated").input);
        assertEquals(false, unguarded.stopped);
    }

    @Test
    void anErrorEventIsALegitimateEndAndReachesTheClientAsItCame() {
        GuardRun run = assertFixture("anthropic/error-event", Map.of());
        assertNull(run.failure);
        assertEquals(Outcome.FAILED, run.report.outcome());
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.report.failureCause());
        assertEquals("streamguard: upstream error: Overloaded", run.report.failureMessage());
        assertEquals(false, run.report.failureRaised());
    }
}
