package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D20: tool arguments over a cap")
class ToolArgumentCapTest {
    private static String toolStart(int index, String name) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"call_" + index
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n";
    }

    private static String fragment(int index, String arguments) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index
                + ",\"function\":{\"arguments\":\"" + arguments + "\"}}]},\"finish_reason\":null}]}\n\n";
    }

    @Test
    void theCallCapFailsBeforeTheCrossingFragmentReachesTheClient() {
        GuardRun run = assertFixture("openai/d20-call-cap");
        assertEquals(Set.of(Cap.CALL_ARGUMENTS), run.report.capsHit());
    }

    @Test
    void theToolCallCountCapFails() {
        GuardRun run = assertFixture("openai/d20-tool-call-count-cap");
        assertEquals(Set.of(Cap.TOOL_CALLS), run.report.capsHit());
    }

    @Test
    void anthropicInputCapFails() {
        GuardRun run = assertFixture("anthropic/d20-input-cap");
        assertEquals(Set.of(Cap.CALL_ARGUMENTS), run.report.capsHit());
    }

    @Test
    void theStreamCapCountsEveryCall() {
        String body = toolStart(0, "a") + fragment(0, "[" + "1,".repeat(20) + "1]") + toolStart(1, "b") + fragment(1, "[" + "2,".repeat(20) + "2]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-stream-bytes=60B"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: tool arguments of the stream exceeded 60B (streamguard.tool-args.max-stream-bytes) at tool call 1 (b)",
                run.failure.getMessage());
        assertEquals(Set.of(Cap.STREAM_ARGUMENTS), run.report.capsHit());
    }

    @Test
    void theEventCapFailsAnEventWithoutEnd() {
        String start = toolStart(0, "a");
        String endless = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(5000);
        GuardRun run = GuardRun.pull(start + endless, GuardRun.config("event.max-bytes=4KiB"), null, Chunking.random(7, 300));
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: an event exceeded 4KiB (streamguard.event.max-bytes) after 1 events; the upstream is sending an event without end",
                run.failure.getMessage());
        assertEquals(start, run.text());
        assertEquals(Set.of(Cap.EVENT), run.report.capsHit());
    }

    @Test
    void anEventOverTheCapBeforeTheProtocolIsKnownPassesThroughUntouched() {
        String big = "data: " + "y".repeat(9000) + "\n\ndata: more\n\n";
        GuardRun run = GuardRun.pull(big, GuardRun.config("event.max-bytes=4KiB"), null, Chunking.random(3, 700));
        assertNull(run.failure);
        assertEquals(big, run.text());
        assertEquals(Protocol.UNKNOWN, run.report.protocol());
    }

    @Test
    void belowTheCapsNothingIsReported() {
        String body = toolStart(0, "a") + fragment(0, "{}") + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-bytes=2B,tool-calls.max=1"), null, Chunking.whole());
        assertNull(run.failure);
        assertEquals(Set.of(), run.report.capsHit());
    }
}
