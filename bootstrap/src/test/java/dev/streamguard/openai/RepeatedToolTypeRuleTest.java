package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D1: type repeated on every tool-call delta")
class RepeatedToolTypeRuleTest {
    @Test
    void typeIsKeptOnlyOnTheFirstDeltaOfACall() {
        GuardRun run = assertFixture("openai/d01-repeated-type");
        assertEquals("function", NaiveOpenAiClient.read(run.text()).call(0).type.toString());
        assertEquals("{\"city\":\"Paris\"}", NaiveOpenAiClient.read(run.text()).call(0).arguments.toString());
    }

    @Test
    void withoutTheGuardAConcatenatingClientBuildsFunctionFunction() {
        String raw = Fixture.load("openai/d01-repeated-type").input;
        assertEquals("functionfunctionfunction", NaiveOpenAiClient.read(raw).call(0).type.toString());
    }

    @Test
    void theFirstDeltaOfEachParallelCallKeepsItsType() {
        GuardRun run = assertFixture("openai/compliant-parallel-calls");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals("function", client.call(0).type.toString());
        assertEquals("function", client.call(1).type.toString());
    }
}
