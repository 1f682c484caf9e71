package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D44: a byte order mark before the first event")
class ByteOrderMarkTest {
    private static final String BOM = "\ufeff";

    @Test
    void theMarkIsRemovedAndTheFirstEventGuarded() {
        assertFixture("openai/d44-byte-order-mark");
    }

    @Test
    void theSameBytesUnderEveryChunkingThroughBothAdapters() {
        Fixture f = Fixture.load("openai/d44-byte-order-mark");
        for (boolean push : new boolean[] {false, true}) {
            for (Chunking chunking : new Chunking[] {Chunking.everyByte(), Chunking.splitAt(1), Chunking.splitAt(2), Chunking.random(3, 5)}) {
                GuardRun run = push ? GuardRun.push(f.input, f.guardConfig(), null, chunking) : GuardRun.pull(f.input, f.guardConfig(), null, chunking);
                assertEquals(f.expected, run.text(), (push ? "push " : "pull ") + chunking);
                assertEquals(Map.of(Deviation.D44, 1), run.report.deviations());
            }
        }
    }

    /** The mark hid the first event from the guard: a flood inside it went through. */
    @Test
    void aFloodInTheFirstEventBehindTheMarkIsCapped() {
        String body = BOM + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"" + "a".repeat(500) + "\"}}]},\"finish_reason\":null}]}\n\n";
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-bytes=100B"), null, Chunking.whole());
        assertEquals("streamguard: tool call 0 (f) arguments exceeded 100B (streamguard.tool-args.max-bytes) at 500 bytes", run.failure.getMessage());
        assertEquals("", run.text());
    }

    @Test
    void observeModeKeepsTheMark() {
        Fixture f = Fixture.load("openai/d44-byte-order-mark");
        GuardRun run = GuardRun.pull(f.input, f.guardConfig("observe"), null, Chunking.splitAt(2));
        assertEquals(f.input, run.text());
        assertEquals(Map.of(Deviation.D44, 1), run.report.deviations());
    }

    @Test
    void anotherKindOfStreamKeepsItsMark() {
        String body = BOM + "event: tick\ndata: 1\n\n";
        GuardRun run = GuardRun.pull(body, GuardRun.config(""), null, Chunking.everyByte());
        assertEquals(body, run.text());
        assertEquals(Protocol.UNKNOWN, run.report.protocol());
    }

    /** Bytes that only begin like a mark are the start of the first line, whatever the chunking. */
    @Test
    void aPrefixOfTheMarkIsNotAMark() {
        String body = "\u00ef\u00bbdata: x\n\n";
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte()}) {
            GuardRun run = GuardRun.pull(body, GuardRun.config(""), null, chunking);
            assertEquals(body, run.text());
            assertNull(run.failure);
        }
        GuardRun onlyMark = GuardRun.pull(BOM, GuardRun.config(""), null, Chunking.everyByte());
        assertEquals(BOM, onlyMark.text(), "a body that is only a mark passes as it came");
    }

    /**
     * Two marks: the client ignores the first and reads the second as part of the first line, so that line is
     * no data. Removing only the first would make the second the leading mark, ignored in turn, and the line data
     * (found by the fuzzer). Both stay.
     */
    @Test
    void twoMarksStayWhereTheyAre() {
        Fixture f = Fixture.load("openai/d44-byte-order-mark");
        String body = BOM + f.input;
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte()}) {
            GuardRun run = GuardRun.pull(body, f.guardConfig(), null, chunking);
            assertEquals(body, run.text(), chunking.toString());
        }
    }
}
