package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.NaiveOpenAiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D31: errors in other shapes")
class OtherErrorShapeRuleTest {
    @Test
    void dashScopesErrorEventFailsWithItsMessageAndCode() {
        assertFixture("openai/d31-dashscope-error");
        NaiveOpenAiClient without = NaiveOpenAiClient.read(Fixture.load("openai/d31-dashscope-error").input);
        assertEquals(java.util.List.of(), without.errors, "without the guard no client sees an error: the text is cut short");
        assertEquals("Partial", without.content.toString());
    }

    @Test
    void aFlatCodeAndMessageFailsWithBoth() {
        assertEquals("streamguard: upstream error: Internal server error (500)",
                assertFixture("openai/d31-flat-error").failure.getMessage());
    }
}
