package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D9: arguments null")
class NullArgumentsRuleTest {
    @Test
    void nullArgumentsBecomeTheEmptyString() {
        GuardRun run = assertFixture("openai/d09-null-arguments");
        assertEquals("{\"city\":\"Paris\"}", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }

    @Test
    void withoutTheGuardAStringBuilderClientGetsTheWordNull() {
        String raw = Fixture.load("openai/d09-null-arguments").input;
        assertEquals("null{\"city\":\"Paris\"}", NaiveOpenAiClient.read(raw).call(0).arguments.toString());
    }
}
