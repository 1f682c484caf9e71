package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReportListener;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("G2: an error object in a Gemini stream")
class ErrorChunkRuleTest {
    /** The chunk goes out (google-genai raises it as its own ServerException), then the stream fails. */
    @Test
    void anErrorChunkGoesOutAndTheStreamFailsWithItsMessageCodeAndStatus() {
        assertFixture("gemini/g2-error");
    }

    /** The failure does not wait for the body to end: a proxy may hold the connection open after the error. */
    @Test
    void theFailureFollowsTheErrorChunkAtOnce() {
        String first = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],"
                + "\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n";
        String error = "data: {\"error\": {\"code\": 503,\"message\": \"Overloaded\",\"status\": \"UNAVAILABLE\"}}\r\n\r\n";
        String after = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"late\"}],\"role\": \"model\"},\"index\": 0}]}\r\n\r\n";
        GuardRun run = GuardRun.enforce(first + error + after);
        assertEquals("streamguard: upstream error: Overloaded (503 UNAVAILABLE)", run.failure.getMessage());
        assertEquals(first + error, run.text());
        assertEquals(Map.of(Deviation.G2, 1), run.report.deviations());
    }

    /**
     * The error chunk's last CR ends a read and the upstream sends nothing more (a proxy holding the connection): the
     * failure comes in that read, after the chunk with the LF of its CRLF, rather than waiting for a byte that may
     * never come; a text chunk after it is never read.
     */
    @Test
    void anErrorChunkWhoseLastLineFeedIsNotYetReadFailsAtOnce() throws Exception {
        String text = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],"
                + "\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n";
        String error = "data: {\"error\": {\"code\": 503,\"message\": \"Overloaded\",\"status\": \"UNAVAILABLE\"}}\r\n\r\n";
        byte[] firstRead = (text + text + error.substring(0, error.length() - 1)).getBytes(StandardCharsets.UTF_8);
        GuardEngine engine = new GuardEngine(GuardRun.config(""), new StreamContext("http://x", "test", null, StreamReportListener.NONE));
        ByteQueue out = new ByteQueue();
        StreamGuardException e = assertThrows(StreamGuardException.class, () -> engine.feed(firstRead, 0, firstRead.length, out));
        assertEquals("streamguard: upstream error: Overloaded (503 UNAVAILABLE)", e.getMessage());
        byte[] read = new byte[out.available()];
        out.read(read, 0, read.length);
        assertEquals(text + text + error, new String(read, StandardCharsets.UTF_8));
    }

    /** An error chunk at the end of the body without its blank line fails all the same. */
    @Test
    void anErrorChunkCutBeforeItsBlankLineFails() {
        String text = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],"
                + "\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n";
        String error = "data: {\"error\": {\"code\": 503,\"message\": \"Overloaded\",\"status\": \"UNAVAILABLE\"}}";
        for (String end : new String[] {"", "\r\n"}) {
            GuardRun run = GuardRun.enforce(text + error + end);
            assertEquals("streamguard: upstream error: Overloaded (503 UNAVAILABLE)", run.failure == null ? null : run.failure.getMessage(), end);
            assertEquals(Map.of(Deviation.G2, 1), run.report.deviations());
        }
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
        String error = "data: {\"error\": {\"code\": 500,\"message\": \"Internal error\"}}\r\n\r\n";
        GuardRun run = GuardRun.enforce(first + error);
        assertEquals("streamguard: upstream error: Internal error (500)", run.failure.getMessage());
        assertEquals(first + error, run.text());
        assertEquals(Map.of(Deviation.G2, 1), run.report.deviations());
    }
}
