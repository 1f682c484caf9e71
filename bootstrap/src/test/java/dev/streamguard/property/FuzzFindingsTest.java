package dev.streamguard.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonStrict;
import dev.streamguard.testing.SseReference;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The smallest reproductions of what {@link GuardFuzzTest} found, one test each, stated as the behaviour the
 * guard owes (DESIGN.md, OBSERVABILITY.md and the chunking property the core's tests claim). Each failed
 * before its fix: they keep those bugs fixed.
 */
class FuzzFindingsTest {
    private static final GuardConfig DEFAULT = GuardRun.config("");

    private static GuardRun run(boolean push, String body, GuardConfig config, Chunking chunking) {
        return push ? GuardRun.push(body, config, null, chunking) : GuardRun.pull(body, config, null, chunking);
    }

    private static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }

    /**
     * A CRLF stream: when the chunk boundary falls between the CR and the LF of the blank line that ends a
     * rewritten event (D16 here: the start's input moved into a new event), the LF is lost. The client reads
     * {@code ...}}}\r\n\r} then {@code event: content_block_delta}: 1 byte less than with any other chunking.
     */
    @Test
    void aCrlfBlankLineSplitBetweenCrAndLfAfterARewrittenEventKeepsItsLineFeed() {
        Fixture f = Fixture.load("anthropic/d16-input-in-start");
        String body = crlf(f.input);
        String start = "\"input\":{\"city\": \"Paris\", \"units\": {\"temp\": \"C\"}}}}\r\n\r";
        int cut = body.indexOf(start) + start.length();
        for (boolean push : new boolean[] {false, true}) {
            String where = push ? "push" : "pull";
            assertEquals(crlf(f.expected), run(push, body, DEFAULT, Chunking.whole()).text(), where + ", whole body");
            assertEquals(crlf(f.expected), run(push, body, DEFAULT, Chunking.splitAt(cut)).text(), where + ", split between CR and LF");
            assertEquals(crlf(f.expected), run(push, body, DEFAULT, Chunking.everyByte()).text(), where + ", every byte");
        }
    }

    /**
     * A last event at the event cap whose data line ends in CRLF and whose blank line never came (D28): whole, the
     * CRLF counted 2 bytes against the line and the event was over the cap; split between that CR and LF, the LF
     * came later and was never counted, and the event passed. The LF of a CRLF now never counts against its own
     * line, only against the lines after it, whatever the chunking.
     */
    @Test
    void anEventAtTheCapWithCrlfIsJudgedAlikeWhereverTheChunkSplitsItsLineEnd() {
        String data = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\"}";
        String body = data + "\r\n";
        GuardConfig atTheCap = GuardRun.config("event.max-bytes=" + (data.length() + 1) + "B");
        GuardConfig overTheCap = GuardRun.config("event.max-bytes=" + data.length() + "B");
        for (boolean push : new boolean[] {false, true}) {
            for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.splitAt(data.length() + 1), Chunking.everyByte()}) {
                String where = (push ? "push, " : "pull, ") + chunking;
                GuardRun run = run(push, body, atTheCap, chunking);
                assertNull(run.failure, where);
                assertEquals(body + "\n", run.text(), where + ": the event, ended with a blank line (D28)");
                assertEquals(Map.of(Deviation.D28, 1), run.report.deviations(), where);
                GuardRun over = run(push, body, overTheCap, chunking);
                assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, over.failure.reason(), where + ": one byte less is over the cap");
            }
        }
    }

    /** The same loss after a D23 split (litellm-combined with CRLF line endings, one byte per chunk). */
    @Test
    void aCrlfBlankLineAfterASplitUsageChunkKeepsItsLineFeed() {
        Fixture f = Fixture.load("openai/litellm-combined");
        String body = crlf(f.input);
        for (boolean push : new boolean[] {false, true}) {
            assertEquals(run(push, body, DEFAULT, Chunking.whole()).text(), run(push, body, DEFAULT, Chunking.everyByte()).text(),
                    push ? "push" : "pull");
        }
    }

    /**
     * D22 is counted for an event that fails a rule when the event goes through framing, but not when it
     * matched a learned shape (the fast path fails before counting): the report depends on the chunking.
     * Two input_json_delta events with {@code data:} without a space; the second one's {@code }}} makes the
     * arguments invalid (D21).
     */
    @Test
    void theDeviationsOfAFailedStreamDoNotDependOnTheChunking() {
        String body = "event: content_block_start\ndata:{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata:{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1\"}}\n\n"
                + "event: content_block_delta\ndata:{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"}}\"}}\n\n";
        GuardRun whole = GuardRun.pull(body, DEFAULT, null, Chunking.whole());
        assertNotNull(whole.failure, "the second '}' makes the arguments invalid");
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, whole.failure.reason());
        GuardRun bytes = GuardRun.pull(body, DEFAULT, null, Chunking.everyByte());
        assertEquals(whole.report.deviations(), bytes.report.deviations(), "deviations, whole body vs one byte per chunk");
        GuardRun observe = GuardRun.pull(body, GuardRun.config("mode=observe"), null, Chunking.whole());
        assertEquals(whole.report.deviations(), observe.report.deviations(), "observe reports what enforce did");
    }

    /**
     * {@code event.max-bytes} used to count a CRLF event's final LF only when it arrived in the same chunk as
     * the CR before it. The cap now counts an event's blank line as one byte, whatever its line ending and
     * wherever the chunk ends: an event whose size without that LF is over the cap fails with every chunking,
     * and one exactly at it passes with every chunking.
     */
    @Test
    void theEventCapDoesNotDependOnTheChunking() {
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\r\n\r\n";
        String big = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(200) + "\"},\"finish_reason\":null}]}\r\n\r\n";
        String last = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\ndata: [DONE]\r\n\r\n";
        int counted = big.getBytes(StandardCharsets.UTF_8).length - 1;
        String body = first + big + last;
        for (boolean push : new boolean[] {false, true}) {
            String where = push ? "push" : "pull";
            GuardConfig under = GuardRun.config("event.max-bytes=" + (counted - 1) + "B");
            GuardRun whole = run(push, body, under, Chunking.whole());
            assertNotNull(whole.failure, where + ": an event counted as " + counted + " bytes is over a cap of " + (counted - 1));
            for (Chunking chunking : new Chunking[] {Chunking.everyByte(), Chunking.splitAt(first.length() + big.length() - 1)}) {
                assertEquals(String.valueOf(whole.failure), String.valueOf(run(push, body, under, chunking).failure), where + ", " + chunking);
            }
            GuardConfig at = GuardRun.config("event.max-bytes=" + counted + "B");
            for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte(), Chunking.splitAt(first.length() + big.length() - 1)}) {
                GuardRun run = run(push, body, at, chunking);
                assertEquals(null, run.failure, where + ", " + chunking + ": exactly at the cap");
                assertEquals(body, run.text(), where + ", " + chunking);
            }
        }
    }

    /**
     * A tool call that starts after its choice finished, with unfinished arguments: with a {@code [DONE]} from
     * the upstream the stream fails (D21); without one the guard synthesizes {@code [DONE]} (D14) and lets the
     * unfinished arguments through. Ending the stream must end the calls either way.
     */
    @Test
    void aSynthesizedDoneEndsTheToolCallsLikeARealOne() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n";
        GuardRun withDone = GuardRun.enforce(body + "data: [DONE]\n\n");
        assertNotNull(withDone.failure);
        assertEquals(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, withDone.failure.reason());
        GuardRun withoutDone = GuardRun.enforce(body);
        assertEquals(String.valueOf(withDone.failure), String.valueOf(withoutDone.failure),
                "without [DONE]: " + withoutDone.report + "; the client read " + withoutDone.text());
    }

    /**
     * An Anthropic {@code error} event, then events that fail a rule: the client once got the rule's
     * StreamGuardException while the report named the error event. The error event ends the stream now (it
     * is terminal, D42): the client gets it and the end of the body, nothing after it, and the report names
     * the upstream error as observed, not raised, with the events it dropped after it (D13).
     */
    @Test
    void anErrorEventEndsTheStreamAndTheReportNamesIt() {
        String upTo = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        String body = upTo
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"{\\\"city\\\"\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
        for (boolean push : new boolean[] {false, true}) {
            for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.everyByte()}) {
                GuardRun run = run(push, body, DEFAULT, chunking);
                assertNull(run.failure);
                assertEquals(upTo, run.text());
                assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, run.report.failureCause(), run.report.toString());
                assertEquals("streamguard: upstream error: Overloaded", run.report.failureMessage());
                assertFalse(run.report.failureRaised(), "the client handles the error event itself: " + run.report);
                assertEquals(Map.of(Deviation.D13, 3), run.report.deviations());
            }
        }
    }

    /**
     * A body whose last event lacks only its final LF (the blank line): the guard repairs it as a whole
     * event, but the D23 split writes the chunk without usage with no blank line after it, so the client
     * gets one event with two data lines, {@code {...}\n{...}}, which is not JSON.
     */
    @Test
    void aSplitUsageChunkAtTheEndOfTheBodyStaysTwoEvents() {
        Fixture f = Fixture.load("openai/litellm-combined");
        String body = f.input.substring(0, f.input.length() - 1);
        assertTrue(body.endsWith("}}\n"));
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = run(push, body, DEFAULT, Chunking.whole());
            assertEquals(null, run.failure);
            assertEquals(1, run.report.count(Deviation.D23));
            for (SseReference.Event e : SseReference.parse(run.output)) {
                if (e.dataLines > 0 && !e.dataText().equals("[DONE]")) {
                    assertTrue(JsonStrict.isOneValue(e.data), (push ? "push" : "pull") + ": an event whose data is not JSON: " + e);
                }
            }
        }
    }

    /**
     * A learned event shape (the fast path) took an escape of a raw line end ({@code \\} then LF) as part of
     * the string, so an event with a second line matched the shape of a plain one-line event, while the
     * framer reads it as a malformed first line: the output and the failure depended on the chunking.
     */
    @Test
    void anEscapedLineEndNeverMatchesALearnedEventShape() {
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"";
        String body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[]}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
                + delta + "{\\\"city\\\":\\\"Pa\"}}\n\n"
                + delta + "r\\\\\\\nis\\\"}\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        assertTrue(body.contains("r\\\\\\\nis"), "a backslash, then a raw line end inside the string");
        for (boolean push : new boolean[] {false, true}) {
            GuardRun whole = run(push, body, DEFAULT, Chunking.whole());
            GuardRun bytes = run(push, body, DEFAULT, Chunking.everyByte());
            assertEquals(whole.text(), bytes.text(), push ? "push" : "pull");
            assertEquals(String.valueOf(whole.failure), String.valueOf(bytes.failure), push ? "push" : "pull");
            assertEquals(whole.report.deviations(), bytes.report.deviations(), push ? "push" : "pull");
        }
    }

    /**
     * An event too large to wait for, after the terminal event, with CRLF line endings: dropped in enforce, but
     * the LF of its blank line's CR, when it came in the next chunk, still went out, once per such event, in the
     * push adapter only (the pull adapter stopped reading at the end).
     */
    @Test
    void anOversizedEventAfterTheEndTakesNoLineFeedOut() {
        String upToDone = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
                + "data: [DONE]\r\n\r\n";
        String body = upToDone + "data: {\"log\":\"" + "y".repeat(300) + "\"}\r\n\r\n" + "data: {\"log\":\"" + "y".repeat(300) + "\"}\r\n\r\n";
        GuardConfig config = GuardRun.config("event.max-bytes=100B");
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = push ? GuardRun.push(body, config, null, Chunking.everyByte()) : GuardRun.pull(body, config, null, Chunking.everyByte());
            assertEquals(upToDone, run.text(), push ? "push" : "pull");
            assertNull(run.failure);
        }
    }

    /**
     * An event whose first data line is a bare {@code data} (no colon, an empty value) and whose second holds the
     * JSON, rewritten (here to add the event name, D18): every line of the new data took the first line's prefix,
     * {@code data} without its colon, so the JSON line became {@code data{...}}, no data field at all.
     */
    @Test
    void aBareDataLineDoesNotLoseTheColonOfTheLinesAfterIt() {
        String body = "data\ndata:{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{}}}\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertEquals("event: message_start\n" + body.replace("data\ndata:", "data\ndata: "), run.text());
        for (SseReference.Event e : SseReference.parse(run.output)) {
            assertTrue(JsonStrict.isOneValue(e.data), "the data is still JSON: " + e);
        }
    }

    /**
     * An event whose data lines end differently (the first with a bare CR, the rest with LF), rewritten (D18 names
     * it): its last data line was written with the first line's CR, which the blank line's LF then completed into
     * one CRLF, so the event ran into the next one and the client read two JSON objects as one.
     */
    @Test
    void aRewrittenEventWithMixedLineEndingsKeepsItsBlankLine() {
        String first = "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";
        String mixed = "data: {\"type\":\"content_block_start\",\"index\":0,\r"
                + "data: \"content_block\":{\"type\":\"text\",\"text\":\"\"}\n"
                + "data: }\n\n";
        String next = "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";
        GuardRun run = GuardRun.pull(first + mixed + next, DEFAULT, null, Chunking.whole());
        // The rewritten event's lines take its first line's ending, but its last data line keeps its own.
        String expected = "event: content_block_start\r" + "data: {\"type\":\"content_block_start\",\"index\":0,\r"
                + "data: \"content_block\":{\"type\":\"text\",\"text\":\"\"}\r" + "data: }\n\n";
        assertTrue(run.text().contains(expected + "event: content_block_delta\n" + next), run.text());
    }

    /**
     * An event whose data line ends in a bare CR, followed by an empty {@code event:} line and a blank line that
     * end in LF (D22), rewritten (D18 names it): the name went in front and the empty event line was left out, so
     * the data line's CR met the blank line's LF, one CRLF to a reader. The event ran into the next one and the
     * client read two JSON objects as one data (GuardFuzzTest, seed -7046075933794141776, input 8321).
     */
    @Test
    void aReplacedEventLineBetweenABareCrAndTheBlankLineKeepsTheEventApart() {
        String start = "event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\n"
                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"search\",\"input\":{}}}\n\n";
        String firstData = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\"\"}}";
        String second = "event: content_block_delta\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\": 1}\"}}\n\n";
        String rest = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":5}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        String body = start + "data: " + firstData + "\revent:\n\n" + second + rest;
        // The name takes the first line's ending; the blank line keeps its LF, after a CR of its own.
        String expected = start + "event: content_block_delta\rdata: " + firstData + "\r\r\n" + second + rest;
        int blankLine = body.indexOf("\revent:\n\n") + 8;
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.splitAt(blankLine), Chunking.everyByte()}) {
            for (boolean push : new boolean[] {false, true}) {
                GuardRun run = run(push, body, DEFAULT, chunking);
                assertEquals(expected, run.text(), (push ? "push, " : "pull, ") + chunking);
                assertEquals(Map.of(Deviation.D18, 1, Deviation.D22, 1), run.report.deviations(), (push ? "push, " : "pull, ") + chunking);
            }
        }
        for (SseReference.Event e : SseReference.parse(GuardRun.enforce(body).output)) {
            assertTrue(JsonStrict.isOneValue(e.data), "the data is still JSON: " + e);
        }
    }

    /**
     * A byte order mark, then an empty event before the protocol shows, in answer to an LLM request: enforce drops
     * the event (D29), so the mark still waits and recognition removes it (D44). Observe passed the event (and the
     * mark with it) and did not report D44: the modes must report the same.
     */
    @Test
    void aByteOrderMarkBeforeADroppedEmptyEventIsReportedInBothModes() {
        String request = "{\"model\":\"m\",\"stream\":true,\"messages\":[]}";
        String body = "\uFEFFdata:\n\n" + Fixture.load("openai/compliant-text").input;
        Map<Deviation, Integer> expected = Map.of(Deviation.D29, 1, Deviation.D44, 1);
        assertEquals(expected, GuardRun.pull(body, DEFAULT, request, Chunking.whole()).report.deviations());
        assertEquals(expected, GuardRun.pull(body, GuardRun.config("mode=observe"), request, Chunking.whole()).report.deviations());
    }

    /**
     * Two byte order marks begin the body: the first is the body's own, the second makes the first line's field
     * {@code \uFEFFdata}, which a client ignores. That event is a finish chunk, which D24 holds: the guard wrote
     * nothing for it yet, and the first mark must not be dropped then, or the second would become the body's own
     * and the ignored line would count.
     */
    @Test
    void aByteOrderMarkStaysWhileTheFirstEventIsHeld() {
        String ignoredLine = "\uFEFFdata: {\"ignored\":true}\n";
        String finish = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        String body = "\uFEFF" + ignoredLine + finish + "data: [DONE]\n\n";
        GuardRun run = GuardRun.pull(body, DEFAULT, null, Chunking.whole());
        assertEquals(body, run.text());
    }

    /**
     * A finish chunk held by D24 is over the hold limit once the event after it (one of another kind) is held
     * along, so both go out at that event. That event ended with a CR at the end of a chunk: the LF after it is
     * its own and follows it at once; it was taken for the LF of a held event and went out after the next one.
     */
    @Test
    void aLineFeedAfterAnEventReleasedWithTheHoldFollowsIt() {
        String chunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
        String body = chunk + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\r\n\r\n"
                + chunk + "\"system_fingerprint\":\"" + "f".repeat(70_000) + "\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
                + "event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n"
                + ": ping\r\n\r\n";
        String whole = GuardRun.pull(body, DEFAULT, null, Chunking.whole()).text();
        assertTrue(whole.endsWith("\"index\":0}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n"), whole.substring(whole.length() - 120));
        assertEquals(whole, GuardRun.pull(body, DEFAULT, null, Chunking.everyByte()).text());
    }

    /**
     * A byte order mark, then a line that is no field of an LLM stream (a proxy's HTML) ended by CRLF: enforce
     * drops that event (D29), so the mark still waits when the protocol shows itself and is reported (D44).
     * Observe passes the event, and the LF of its CR, when it came as a byte of its own, went out as if an
     * event had: the mark no longer counted, and observe reported less than enforce did, by chunking.
     */
    @Test
    void observeReportsTheMarkAfterADroppedEventAsEnforceDoes() {
        String body = "\uFEFF<html><body><h1>502 Bad Gateway</h1></body></html>\r\n\r\n"
                + "data: {\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        String request = "{\"model\":\"m\",\"stream\":true,\"messages\":[]}";
        Map<Deviation, Integer> expected = Map.of(Deviation.D12, 1, Deviation.D29, 1, Deviation.D44, 1);
        int lineFeed = body.indexOf("\r\n\r\n") + 3;
        for (Chunking chunking : new Chunking[] {Chunking.whole(), Chunking.splitAt(lineFeed), Chunking.everyByte()}) {
            for (String mode : new String[] {"enforce", "observe"}) {
                for (boolean push : new boolean[] {false, true}) {
                    GuardConfig config = GuardRun.config("mode=" + mode);
                    GuardRun run = push ? GuardRun.push(body, config, request, chunking) : GuardRun.pull(body, config, request, chunking);
                    assertEquals(expected, run.report.deviations(), mode + (push ? ", push, " : ", pull, ") + chunking);
                }
            }
        }
    }
}
