package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D34: tool call indexes that start at 1, are negative, or skip")
class SparseToolCallIndexRuleTest {
    @Test
    void indexesFromOneAreNumberedFromZero() {
        check(assertFixture("openai/d34-indexes-from-one"));
    }

    @Test
    void negativeIndexesAreNumberedFromZero() {
        check(assertFixture("openai/d34-negative-index"));
    }

    private static void check(GuardRun run) {
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals(List.of(0, 1), List.copyOf(client.calls.keySet()));
        assertEquals("get_weather", client.call(0).name.toString());
        assertEquals("{\"tz\":\"CET\"}", client.call(1).arguments.toString());
    }
}
