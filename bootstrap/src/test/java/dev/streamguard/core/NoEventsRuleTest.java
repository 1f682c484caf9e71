package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D32: no events at all in the response to an LLM streaming request")
class NoEventsRuleTest {
    private static final String LLM = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void anHtmlErrorPageFails() {
        assertFixture("openai/d32-html-page");
    }

    /** The excerpt leaves out what looks like a key: no secret from the body reaches a log or an exception. */
    @Test
    void aJsonErrorBodyFailsWithoutTheKeyItQuotes() {
        GuardRun run = assertFixture("openai/d32-json-error");
        assertFalse(run.failure.getMessage().contains("4f9a8b7c6d5e4f3a2b1c0d9e"), run.failure.getMessage());
    }

    @Test
    void anEmptyBodyFails() {
        GuardRun run = GuardRun.pull("", GuardRun.config(""), LLM, Chunking.whole());
        assertEquals("streamguard: the upstream sent no events: the body was empty", run.failure.getMessage());
    }

    @Test
    void withoutAnLlmStreamingRequestTheBodyPassesUntouched() {
        String html = Fixture.load("openai/d32-html-page").input;
        for (String request : new String[] {null, "{\"model\":\"m\",\"stream\":false,\"messages\":[]}", "{\"query\":\"x\",\"stream\":true}"}) {
            GuardRun run = GuardRun.pull(html, GuardRun.config(""), request, Chunking.whole());
            assertNull(run.failure, request);
            assertEquals(html, run.text());
            assertEquals(Map.of(), run.report.deviations());
        }
    }

    /** Events of a protocol the guard does not follow (here a job queue's) are events: not D32. */
    @Test
    void aStreamOfOtherEventsIsNotNoEvents() {
        String body = "event: job.created\ndata: {\"type\":\"job.created\",\"job\":{\"id\":\"r\"}}\n\n"
                + "event: job.completed\ndata: {\"type\":\"job.completed\",\"job\":{\"id\":\"r\"}}\n\n";
        GuardRun run = GuardRun.pull(body, GuardRun.config(""), "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}", Chunking.whole());
        assertNull(run.failure);
        assertEquals(body, run.text());
    }

    @Test
    void observeModeReportsAndPasses() {
        String html = Fixture.load("openai/d32-html-page").input;
        GuardRun run = GuardRun.pull(html, GuardRun.config("mode=observe"), LLM, Chunking.whole());
        assertNull(run.failure);
        assertEquals(html, run.text());
        assertEquals(1, run.report.count(Deviation.D32));
        assertTrue(run.report.failureMessage().startsWith("streamguard: the upstream sent no events"), run.report.failureMessage());
    }
}
