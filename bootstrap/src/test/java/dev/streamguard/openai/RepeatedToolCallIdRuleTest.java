package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D3: the same id repeated on every delta")
class RepeatedToolCallIdRuleTest {
    @Test
    void idIsKeptOnlyOnTheFirstDelta() {
        GuardRun run = assertFixture("openai/d03-repeated-id");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals("call_1", client.call(0).id.toString());
        assertEquals("{\"city\":\"Paris\"}", client.call(0).arguments.toString());
    }

    @Test
    void withoutTheGuardLangChain4jStyleAppendingDoublesTheId() {
        String raw = Fixture.load("openai/d03-repeated-id").input;
        assertEquals("call_1call_1call_1", NaiveOpenAiClient.read(raw).call(0).id.toString());
    }

    @Test
    void theSameIdAtAnotherIndexIsTheSameCallNotANewOne() {
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]},\"finish_reason\":null}]}\n\n";
        String again = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"function\":{\"arguments\":\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n";
        GuardRun run = GuardRun.enforce(first + again + "data: [DONE]\n\n");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(1, client.calls.size());
        assertEquals("call_x", client.call(0).id.toString());
        assertEquals("{}", client.call(0).arguments.toString());
    }
}
