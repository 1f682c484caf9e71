package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D15: the body ends before the stream finished")
class TruncatedStreamRuleTest {
    @Test
    void aCutInTheMiddleOfTheArgumentsFails() {
        assertFixture("openai/d15-cut-mid-arguments");
    }

    @Test
    void withoutTheGuardTheClientCompletesSilentlyWithPartialArguments() {
        NaiveOpenAiClient client = NaiveOpenAiClient.read(Fixture.load("openai/d15-cut-mid-arguments").input);
        assertEquals(List.of(), client.errors);
        assertEquals("{\"city\":", client.call(0).arguments.toString());
    }

    @Test
    void aCutInsideAnEventFailsAndTheHalfEventIsNotDelivered() {
        assertFixture("openai/d15-cut-mid-event");
    }

    @Test
    void anEmptyBodyIsTruncatedBeforeAnyChoiceOnlyOnceRecognised() {
        GuardRun empty = GuardRun.enforce("");
        assertEquals(null, empty.failure);
        GuardRun onlyRole = GuardRun.enforce("data: {\"choices\":[]}\n\n");
        assertEquals(StreamGuardException.Cause.TRUNCATED, onlyRole.failure.reason());
        assertEquals("streamguard: stream truncated: the body ended after 1 events (22 bytes) without [DONE] and before any choice",
                onlyRole.failure.getMessage());
    }

    @Test
    void doneWithoutAFinishReasonIsAnEndNotATruncation() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(null, run.failure);
        assertEquals(body, run.text());
    }
}
