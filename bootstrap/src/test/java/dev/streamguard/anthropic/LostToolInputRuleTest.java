package dev.streamguard.anthropic;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D17: tool_use without any input_json_delta")
class LostToolInputRuleTest {
    @Test
    void aToolWhoseSchemaRequiresParametersFailsTheStream() {
        assertFixture("anthropic/d17-lost-input-required");
    }

    @Test
    void aToolWithoutParametersGetsTheEmptyDeltaOfTheReferenceStream() {
        GuardRun run = assertFixture("anthropic/d17-no-parameters");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("", client.block(0).inputJson.toString());
    }

    @Test
    void withoutTheRequestTheEmptyDeltaIsAddedAndReported() {
        GuardRun run = assertFixture("anthropic/d17-no-request");
        assertEquals(List.of(), NaiveAnthropicClient.read(run.text()).errors);
    }

    @Test
    void anOpenAiShapedToolListInTheRequestIsUnderstoodToo() {
        String request = "{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"required\":[\"city\",\"day\"]}}}]}";
        GuardRun run = GuardRun.enforce(dev.streamguard.testing.Fixture.load("anthropic/d17-lost-input-required").input, request);
        assertEquals("streamguard: tool_use block 0 (get_weather) arrived with no input although the request's schema requires [city, day]; the upstream lost the tool arguments",
                run.failure.getMessage());
        assertEquals("m", run.report.model());
    }
}
