package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.core.Deviation;
import dev.streamguard.core.Protocol;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Gemini streams are recognised, and compliant ones pass byte for byte with nothing reported (CRLF is theirs). */
@DisplayName("Gemini streams: recognised, compliant ones untouched")
class GeminiStreamsTest {
    @Test
    void aTextStreamPassesUnchanged() {
        assertEquals(Protocol.GEMINI, assertFixture("gemini/compliant-text").report.protocol());
    }

    @Test
    void parallelFunctionCallsPassUnchanged() {
        assertEquals(Protocol.GEMINI, assertFixture("gemini/compliant-function-calls").report.protocol());
    }

    @Test
    void aFunctionCallStreamedInPartsPassesUnchanged() {
        assertEquals(Protocol.GEMINI, assertFixture("gemini/compliant-streamed-arguments").report.protocol());
    }

    @Test
    void aBlockedPromptIsTheLastChunk() {
        assertFixture("gemini/g4-prompt-blocked");
    }

    /** Framed with LF, as proxies re-frame it, the same stream is the same to the guard. */
    @Test
    void lineFeedFramingIsRecognisedToo() {
        GuardRun run = GuardRun.enforce(dev.streamguard.testing.Fixture.load("gemini/compliant-text").input.replace("\r\n", "\n"));
        assertNull(run.failure);
        assertEquals(Protocol.GEMINI, run.report.protocol());
        assertEquals(Map.of(), run.report.deviations());
    }

    /** An error that opens the stream is Gemini's where the request went to {@code :streamGenerateContent}. */
    @Test
    void anErrorThatOpensAStreamFromGeminisMethodIsGeminis() {
        String error = "data: {\"error\": {\"code\": 429,\"message\": \"Resource exhausted\",\"status\": \"RESOURCE_EXHAUSTED\"}}\r\n\r\n";
        GuardRun run = GuardRun.pull(error, GuardRun.config(""), null, Chunking.whole(),
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertEquals(Protocol.GEMINI, run.report.protocol());
        assertEquals("streamguard: upstream error: Resource exhausted (429 RESOURCE_EXHAUSTED)", run.failure.getMessage());
        assertEquals(Map.of(Deviation.G2, 1), run.report.deviations());
        assertEquals(error, run.text());
    }

    @Test
    void aChunkAfterEveryCandidateFinishedIsDropped() {
        assertFixture("gemini/g5-chunk-after-finish");
    }

    /** A first chunk too large to wait for is judged from what arrived: a Gemini chunk, failed at the event cap. */
    @Test
    void aFirstChunkOverTheEventCapFailsAtTheCap() {
        String chunk = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"f\",\"args\": {\"x\": \""
                + "y".repeat(2000) + "\"}}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}]}\r\n\r\n";
        GuardRun run = GuardRun.pull(chunk, GuardRun.config("event.max-bytes=512B"), null, Chunking.whole());
        assertEquals(Protocol.GEMINI, run.report.protocol());
        assertEquals("streamguard: an event exceeded 512B (streamguard.event.max-bytes) after 0 events; the upstream is sending"
                + " an event without end", run.failure.getMessage());
        assertEquals(Map.of(Deviation.D20, 1), run.report.deviations());
        assertEquals("", run.text());
    }

    /** Other event streams may have a member named "candidates": without a Gemini response's other members, no Gemini. */
    @Test
    void aCandidatesMemberAloneShowsNoGeminiStream() {
        String poll = "data: {\"candidates\": [{\"name\": \"Alice\"}]}\n\ndata: {\"candidates\": [{\"name\": \"Bob\"}]}\n\n";
        GuardRun run = GuardRun.enforce(poll);
        assertEquals(Protocol.UNKNOWN, run.report.protocol());
        assertEquals(poll, run.text());
        assertNull(run.failure);
    }

    /**
     * Where the request asked for two candidates, the first to finish does not end the stream: the second's chunks
     * still come through, and the chunk in which it finishes is the last.
     */
    @Test
    void candidatesThatFinishInTurnAllComeThroughWhereTheRequestAskedForThem() {
        String head = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"";
        String first = head + "A\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"modelVersion\": \"m\"}\r\n\r\n";
        String second = head + "B\"}],\"role\": \"model\"},\"index\": 1}],\"modelVersion\": \"m\"}\r\n\r\n";
        String last = head + "C\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 1}],\"modelVersion\": \"m\"}\r\n\r\n";
        String after = head + "D\"}],\"role\": \"model\"},\"index\": 2}],\"modelVersion\": \"m\"}\r\n\r\n";
        String twoCandidates = "{\"contents\": [{\"role\": \"user\",\"parts\": [{\"text\": \"Hi\"}]}],"
                + "\"generationConfig\": {\"candidateCount\": 2}}";
        GuardRun run = GuardRun.enforce(first + second + last + after, twoCandidates);
        assertNull(run.failure);
        assertEquals(first + second + last, run.text());
        assertEquals(Map.of(Deviation.D13, 1), run.report.deviations());
        // Without the request, the first finish ends the stream.
        GuardRun unknown = GuardRun.enforce(first + second + last);
        assertEquals(first, unknown.text());
        // A request for two that gets one candidate, finished, is a complete stream.
        GuardRun fewer = GuardRun.enforce(first, twoCandidates);
        assertNull(fewer.failure);
        assertEquals(Map.of(), fewer.report.deviations());
    }

    /** The first of two candidates finished, the second started and the body was cut: the second is unfinished (G1). */
    @Test
    void aCutAfterTheSecondCandidateStartedIsTruncatedThoughTheFirstFinished() {
        String head = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"";
        String first = head + "A\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"modelVersion\": \"m\"}\r\n\r\n";
        String second = head + "B\"}],\"role\": \"model\"},\"index\": 1}],\"modelVersion\": \"m\"}\r\n\r\n";
        String twoCandidates = "{\"contents\": [{\"role\": \"user\",\"parts\": [{\"text\": \"Hi\"}]}],"
                + "\"generationConfig\": {\"candidateCount\": 2}}";
        GuardRun run = GuardRun.enforce(first + second, twoCandidates);
        assertEquals("streamguard: stream truncated: the body ended after 2 events (" + (first + second).length() + " bytes) before every"
                + " candidate had a finishReason (1 of 2 unfinished)", run.failure.getMessage());
        assertEquals(Map.of(Deviation.G1, 1), run.report.deviations());
    }

    @Test
    void doneAfterTheLastChunkIsDropped() {
        assertFixture("gemini/d13-done-after-finish");
    }
}
