package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D10: the whole arguments sent again")
class ResentArgumentsRuleTest {
    @Test
    void openAiResendIsDropped() {
        GuardRun run = assertFixture("openai/d10-resent-arguments");
        assertEquals("{\"city\":\"Paris\"}", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
        assertEquals("{\"city\":\"Paris\"}{\"city\":\"Paris\"}",
                NaiveOpenAiClient.read(Fixture.load("openai/d10-resent-arguments").input).call(0).arguments.toString());
    }

    @Test
    void anthropicResendIsDropped() {
        GuardRun run = assertFixture("anthropic/d10-resent-input");
        assertEquals("{\"city\":\"Paris\"}", NaiveAnthropicClient.read(run.text()).block(0).inputJson.toString());
    }

    @Test
    void aFragmentThatDiffersFromTheWholeIsNotAResendAndMakesTheArgumentsInvalid() {
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":null}]}\n\n";
        String other = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":2}\"}}]},\"finish_reason\":null}]}\n\n";
        GuardRun run = GuardRun.enforce(first + other);
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, run.failure.reason());
        assertEquals(0, run.report.count(Deviation.D10));
        assertEquals(first, run.text());
    }

    @Test
    void aRepeatBeforeTheArgumentsAreCompleteIsAContinuation() {
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,\"}}]},\"finish_reason\":null}]}\n\n";
        String again = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"[1,\"}}]},\"finish_reason\":null}]}\n\n";
        String end = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"2]]\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(first + again + end);
        assertEquals(null, run.failure);
        assertEquals("[1,[1,2]]", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }

    @Test
    void aBareNumberSentInTwoEqualFragmentsIsAContinuation() {
        String start = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"1\"}}]},\"finish_reason\":null}]}\n\n";
        String again = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(start + again);
        assertEquals(start + again, run.text());
        assertEquals(0, run.report.count(Deviation.D10));
        assertEquals("11", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }
}
