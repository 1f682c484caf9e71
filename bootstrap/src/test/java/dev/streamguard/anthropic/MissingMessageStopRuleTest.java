package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Outcome;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D19: Anthropic body ends before message_stop")
class MissingMessageStopRuleTest {
    @Test
    void afterAStopReasonOnlyTheTerminatorIsAdded() {
        GuardRun run = assertFixture("anthropic/d19-missing-message-stop");
        assertTrue(NaiveAnthropicClient.read(run.text()).stopped);
    }

    @Test
    void withoutAStopReasonTheStreamWasCutAndFailsAsTruncated() {
        GuardRun run = assertFixture("anthropic/d19-truncated");
        assertEquals(StreamGuardException.Cause.TRUNCATED, run.report.failureCause());
        NaiveAnthropicClient unguarded = NaiveAnthropicClient.read(Fixture.load("anthropic/d19-truncated").input);
        assertEquals(false, unguarded.stopped);
    }

    @Test
    void anErrorEventIsALegitimateEndAndReachesTheClientAsItCame() {
        GuardRun run = assertFixture("anthropic/error-event");
        assertNull(run.failure);
        assertEquals(Outcome.FAILED, run.report.outcome());
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.report.failureCause());
        assertEquals("streamguard: upstream error: Overloaded", run.report.failureMessage());
        assertEquals(false, run.report.failureRaised());
    }
}
