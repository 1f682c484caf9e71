package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.Test;

/**
 * Nothing the upstream sends switches the caps off: the three ways found by trying it from outside (an
 * unrecognised first event, more choices than the guard follows, a byte order mark), each followed by an
 * argument flood, and an oversized first event whose kind only its first bytes show.
 */
class HostileInputTest {
    private static final String CALL = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"d\\\":\\\"\"}}]},\"finish_reason\":null}]}\n\n";
    private static final String FRAGMENT = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"" + "x".repeat(1000) + "\"}}]},\"finish_reason\":null}]}\n\n";
    private static final String CAPS = "tool-args.max-bytes=16KiB";

    private static String flood(int fragments) {
        StringBuilder sb = new StringBuilder(CALL);
        for (int i = 0; i < fragments; i++) {
            sb.append(FRAGMENT);
        }
        return sb.toString();
    }

    private static void assertCapped(String body, String what) {
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = push ? GuardRun.push(body, GuardRun.config(CAPS), null, Chunking.random(5, 3000))
                    : GuardRun.pull(body, GuardRun.config(CAPS), null, Chunking.random(5, 3000));
            assertNotNull(run.failure, what + ": the flood fails the stream");
            assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason(), what);
            int fragmentsOut = run.text().split("x{1000}", -1).length - 1;
            assertTrue(fragmentsOut <= 16, what + ": at most the cap went out, " + fragmentsOut + " fragments");
        }
    }

    @Test
    void aQueuedStatusFirstDoesNotHideTheFlood() {
        assertCapped("data: {\"status\":\"queued\"}\n\n" + flood(100), "status first");
    }

    @Test
    void aCommentPreambleAndNonJsonDataDoNotHideTheFlood() {
        assertCapped(": queued\n\ndata: waiting\n\nretry: 100\n\n" + flood(100), "preamble");
    }

    @Test
    void aByteOrderMarkDoesNotHideTheFlood() {
        assertCapped("\ufeff" + flood(100), "byte order mark");
    }

    /**
     * Chunks with a stray byte after their JSON: the guard cannot read them, a lenient client (Jackson's default
     * allows trailing tokens) reads them whole. Their arguments still count against the stream's budget.
     */
    @Test
    void malformedChunksStillCountTheirArguments() {
        StringBuilder body = new StringBuilder(CALL);
        for (int i = 0; i < 100; i++) {
            body.append(FRAGMENT.replace("}\n\n", "} x\n\n"));
        }
        GuardRun run = GuardRun.pull(body.toString(), GuardRun.config("tool-args.max-stream-bytes=16KiB"), null, Chunking.random(3, 3000));
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: tool arguments of the stream exceeded 16KiB (streamguard.tool-args.max-stream-bytes) in events the guard"
                + " does not follow", run.failure.getMessage());
        assertTrue(run.text().split("x{1000}", -1).length - 1 <= 16);
    }

    /** More choices than the guard follows is a clear failure, not an internal error that turns the guard off. */
    @Test
    void moreChoicesThanTheGuardFollowsFailClearly() {
        StringBuilder many = new StringBuilder("data: {\"choices\":[");
        for (int i = 0; i < 1100; i++) {
            many.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"delta\":{\"content\":\"x\"},\"finish_reason\":null}");
        }
        many.append("]}\n\n");
        String body = many + flood(100);
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = push ? GuardRun.push(body, GuardRun.config(CAPS), null, Chunking.random(9, 4000))
                    : GuardRun.pull(body, GuardRun.config(CAPS), null, Chunking.random(9, 4000));
            assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
            assertEquals("streamguard: the stream has more than 1024 choices, the most the guard follows; choice 1024 would be one more",
                    run.failure.getMessage());
            assertEquals("", run.text());
            assertFalse(run.report.failedOpen(), "a limit of the guard's own, not an internal error");
            assertTrue(run.report.capsHit().contains(Cap.CHOICES));
        }
    }

    /** A first event too large to wait for, whose first bytes show a tool call, meets the event cap. */
    @Test
    void anOversizedFirstEventIsJudgedFromItsFirstBytes() {
        String big = "data: {\"status\":\"ok\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + "y".repeat(20_000) + "\"}}]}}]}\n\n";
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.random(2, 700)}) {
            GuardRun run = GuardRun.pull(big, GuardRun.config("event.max-bytes=4KiB"), null, chunking);
            assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason(), chunking.toString());
            assertEquals(Protocol.OPENAI_CHAT, run.report.protocol());
            assertTrue(run.report.capsHit().contains(Cap.EVENT));
        }
        String other = "data: {\"status\":\"ok\",\"log\":\"" + "y".repeat(20_000) + "\"}\n\n";
        GuardRun run = GuardRun.pull(other, GuardRun.config("event.max-bytes=4KiB"), null, Chunking.whole());
        assertEquals(other, run.text(), "a large event of another kind of stream passes");
        assertEquals(Protocol.UNKNOWN, run.report.protocol());
    }
}
