package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D7: parallel calls all at index 0")
class CollidingToolCallIndexRuleTest {
    @Test
    void aNewIdAtAnOccupiedIndexMovesToTheNextFreeIndexWithItsContinuations() {
        GuardRun run = assertFixture("openai/d07-colliding-index");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(2, client.calls.size());
        assertEquals("get_weather", client.call(0).name.toString());
        assertEquals("{\"city\":\"Paris\"}", client.call(0).arguments.toString());
        assertEquals("call_b", client.call(1).id.toString());
        assertEquals("{\"tz\":\"CET\"}", client.call(1).arguments.toString());
    }

    @Test
    void withoutTheGuardTheCallsMerge() {
        NaiveOpenAiClient client = NaiveOpenAiClient.read(Fixture.load("openai/d07-colliding-index").input);
        assertEquals(1, client.calls.size());
        assertEquals("get_weatherget_time", client.call(0).name.toString());
        assertEquals("{\"city\":\"Paris\"}{\"tz\":\"CET\"}", client.call(0).arguments.toString());
    }
}
