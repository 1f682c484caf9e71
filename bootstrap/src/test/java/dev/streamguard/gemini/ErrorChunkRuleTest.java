package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("G2: an error object in a Gemini stream")
class ErrorChunkRuleTest {
    @Test
    void anErrorChunkFailsWithItsMessageCodeAndStatus() {
        assertFixture("gemini/g2-error");
    }

    /** An empty error member is no error. */
    @Test
    void anEmptyErrorIsNone() {
        String text = Fixture.load("gemini/compliant-text").input;
        String withEmpty = text.replace("\"responseId\"", "\"error\": {},\"responseId\"");
        GuardRun run = GuardRun.enforce(withEmpty);
        assertNull(run.failure);
        assertEquals(withEmpty, run.text());
        assertEquals(Map.of(), run.report.deviations());
    }

    @Test
    void anErrorWithoutStatusNamesItsCode() {
        String first = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],"
                + "\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n";
        GuardRun run = GuardRun.enforce(first + "data: {\"error\": {\"code\": 500,\"message\": \"Internal error\"}}\r\n\r\n");
        assertEquals("streamguard: upstream error: Internal error (500)", run.failure.getMessage());
        assertEquals(first, run.text());
        assertEquals(Map.of(Deviation.G2, 1), run.report.deviations());
    }
}
