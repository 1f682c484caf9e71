package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference shapes pass byte for byte, with nothing reported. */
class CompliantFixturesTest {
    @ParameterizedTest
    @ValueSource(strings = {"openai/compliant-text", "openai/compliant-tool-call", "openai/compliant-parallel-calls",
        "openai/compliant-usage", "openai/compliant-azure-filter", "anthropic/compliant-text",
        "anthropic/compliant-tool-use", "anthropic/compliant-thinking"})
    void passesByteForByte(String fixture) {
        assertFixture(fixture);
    }
}
