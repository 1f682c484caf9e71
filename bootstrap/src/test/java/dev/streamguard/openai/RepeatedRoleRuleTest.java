package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D2: role repeated on every chunk")
class RepeatedRoleRuleTest {
    @Test
    void roleIsKeptOnlyOnTheFirstChunk() {
        GuardRun run = assertFixture("openai/d02-repeated-role");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals("assistant", client.roles.toString());
        assertEquals("Hello there", client.content.toString());
    }

    @Test
    void withoutTheGuardRolesConcatenate() {
        String raw = Fixture.load("openai/d02-repeated-role").input;
        assertEquals("assistantassistantassistantassistant", NaiveOpenAiClient.read(raw).roles.toString());
    }

    @Test
    void eachChoiceKeepsItsOwnFirstRole() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"c\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":0,\"delta\":{\"content\":\"d\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body.replace("{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"c\"}",
                "{\"index\":1,\"delta\":{\"content\":\"c\"}"), run.text());
        assertEquals(1, run.report.count(Deviation.D2));
    }
}
