package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_START;
import static dev.streamguard.anthropic.AnthropicEvents.named;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Protocol;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D31: an Anthropic upstream error as a flat code and message")
class FlatErrorRuleTest {
    @Test
    void dashScopesErrorEventBecomesTheReferenceErrorEvent() {
        GuardRun run = assertFixture("anthropic/d31-flat-error-event");
        assertEquals("Requests rate limit exceeded, please try again later.", NaiveAnthropicClient.read(run.text()).error);
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.report.failureCause());
        assertEquals("streamguard: upstream error: Requests rate limit exceeded, please try again later. (Throttling.RateQuota)",
                run.report.failureMessage());
        assertEquals(Protocol.ANTHROPIC_MESSAGES, run.report.protocol());
    }

    @Test
    void anUnnamedFlatErrorIsNamedAndItsNumericCodeBecomesTheType() {
        GuardRun run = assertFixture("anthropic/d31-flat-error-unnamed");
        assertEquals("Requests rate limit exceeded", NaiveAnthropicClient.read(run.text()).error);
        assertEquals("streamguard: upstream error: Requests rate limit exceeded (429)", run.report.failureMessage());
    }

    /** anthropic-java shows the raw JSON of the named one and never sees the unnamed one. */
    @Test
    void withoutTheGuardNoClientReadsTheMessage() {
        assertEquals("{\"code\":\"Throttling.RateQuota\",\"message\":\"Requests rate limit exceeded, please try again later.\","
                + "\"request_id\":\"b2c7a6e4-1f0d-9a3c-8e55-0c1d2e3f4a5b\"}",
                NaiveAnthropicClient.read(Fixture.load("anthropic/d31-flat-error-event").input).error);
        assertNull(NaiveAnthropicClient.read(Fixture.load("anthropic/d31-flat-error-unnamed").input).error);
    }

    /** Without a code an unnamed object is not taken for an error; an event named otherwise is not either. */
    @Test
    void onlyAnErrorShapeIsRewritten() {
        for (String event : new String[] {"data: {\"message\":\"queued\"}\n\n",
            named("status", "{\"code\":200,\"message\":\"still working\"}")}) {
            GuardRun run = GuardRun.enforce(MESSAGE_START + event);
            assertEquals(MESSAGE_START + event, run.text());
            assertEquals(StreamGuardException.Cause.TRUNCATED, run.failure.reason());
        }
    }
}
