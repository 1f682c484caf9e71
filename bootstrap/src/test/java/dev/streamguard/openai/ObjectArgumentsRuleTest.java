package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D8: arguments as a JSON object")
class ObjectArgumentsRuleTest {
    @Test
    void theObjectBecomesAStringHoldingExactlyItsJsonText() {
        GuardRun run = assertFixture("openai/d08-object-arguments");
        String arguments = NaiveOpenAiClient.read(run.text()).call(0).arguments.toString();
        assertEquals("{\"city\": \"Paris\", \"days\": [1, 2]}", arguments);
        assertEquals(Map.of("city", "Paris", "days", List.of(1, 2)), JsonTree.parse(arguments));
    }

    @Test
    void withoutTheGuardOpenAiJavaRejectsTheArguments() {
        assertTrue(NaiveOpenAiClient.read(Fixture.load("openai/d08-object-arguments").input).errors.contains("`arguments` is invalid"));
    }

    @Test
    void controlCharactersAndBackslashesInsideTheObjectAreEscaped() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":{\"path\":\"C:\\\\tmp\",\n\"q\":\"\\\"x\\\"\"}}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body.replace("\n\"q\"", "\"q\""));
        String arguments = NaiveOpenAiClient.read(run.text()).call(0).arguments.toString();
        assertEquals(Map.of("path", "C:\\tmp", "q", "\"x\""), JsonTree.parse(arguments));
    }
}
