package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_START;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D37: message_start repeated")
class RepeatedMessageStartRuleTest {
    @Test
    void theSameMessageStartedAgainIsDropped() {
        GuardRun run = assertFixture("anthropic/d37-repeated-message-start");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("Hello world", client.block(0).text.toString());
    }

    @Test
    void withoutTheGuardAnthropicJavaRefusesTheSecondStart() {
        for (String fixture : new String[] {"anthropic/d37-repeated-message-start", "anthropic/d37-second-message"}) {
            assertEquals(List.of("'message_start' event already received."), NaiveAnthropicClient.read(Fixture.load(fixture).input).errors,
                    fixture);
        }
    }

    /** LangChain4j and Spring AI would join the two answers into one; the client gets the first and a clear failure. */
    @Test
    void anotherMessageInsideTheFirstFailsTheStream() {
        GuardRun run = assertFixture("anthropic/d37-second-message");
        assertEquals("Hello", NaiveAnthropicClient.read(run.text()).block(0).text.toString());
    }

    /** A repeat is compared by its id; the same start without any id is a repeat too. */
    @Test
    void startsWithoutIdsAreTheSameMessage() {
        String noId = MESSAGE_START.replace("\"id\":\"msg_1\",", "");
        GuardRun same = GuardRun.enforce(noId + noId);
        assertEquals(noId, same.text());
        assertEquals(Map.of(Deviation.D37, 1, Deviation.D15, 1), same.report.deviations());
        GuardRun another = GuardRun.enforce(noId + MESSAGE_START);
        assertEquals(StreamGuardException.Cause.INCOHERENT_STREAM, another.failure.reason());
        assertEquals("streamguard: a second message_start (id msg_1) arrived inside message without an id; the upstream joined "
                + "two answers into one stream", another.failure.getMessage());
    }
}
