package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The learned-shape fast path engages on repetitive streams and never changes what the client reads. */
class EventTemplatesTest {
    private static final String HEAD = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":";

    private static StreamStats statsAfter(String body, GuardConfig config, StringBuilder output) throws Exception {
        StreamStats[] stats = new StreamStats[1];
        try {
            run(body, config, output, stats);
        } catch (dev.streamguard.StreamGuardException e) {
            throw new AssertionError("unexpected " + e, e);
        }
        return stats[0];
    }

    /** Runs the body in one chunk; the engine's counters are in {@code stats[0]}, also when the stream fails. */
    private static void run(String body, GuardConfig config, StringBuilder output, StreamStats[] stats) throws Exception {
        run(body, body.getBytes(StandardCharsets.UTF_8).length, config, output, stats);
    }

    /** Runs the body in two chunks, cut at {@code cut} (one chunk if the cut is at its end). */
    private static void run(String body, int cut, GuardConfig config, StringBuilder output, StreamStats[] stats) throws Exception {
        StreamContext context = new StreamContext("http://x", "test", null, StreamReportListener.NONE);
        GuardEngine engine = new GuardEngine(config, context);
        java.lang.reflect.Field f = GuardEngine.class.getDeclaredField("stats");
        f.setAccessible(true);
        stats[0] = (StreamStats) f.get(engine);
        ByteQueue out = new ByteQueue();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            engine.feed(bytes, 0, cut, out);
            if (cut < bytes.length) {
                engine.feed(bytes, cut, bytes.length - cut, out);
            }
            engine.finish(out);
        } finally {
            byte[] result = new byte[out.available()];
            out.read(result, 0, result.length);
            output.append(new String(result, StandardCharsets.UTF_8));
        }
    }

    @Test
    void textChunksAfterTheFirstAreRecognisedByShape() throws Exception {
        StringBuilder body = new StringBuilder(HEAD + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < 50; i++) {
            body.append(HEAD).append("{\"content\":\"word ").append(i).append(" \\\"q\\\"\"},\"finish_reason\":null}],\"obfuscation\":\"")
                    .append("x".repeat(i % 7)).append("\"}\n\n");
        }
        body.append(HEAD).append("{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(49, stats.plainEvents);
    }

    private static String textDelta(String content) {
        return HEAD + "{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static final String ROLE = HEAD + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private static final String STOP = HEAD + "{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    /**
     * Events of one shape one after another are taken in one loop, which must end at the first that differs: one with
     * another constant part (a field more), one whose string holds a raw control character. Each is counted once,
     * and what the shape does not match goes through the full path, whatever the chunking.
     */
    @Test
    void aRunOfOneShapeEndsAtTheFirstEventThatDiffers() throws Exception {
        StringBuilder body = new StringBuilder(ROLE);
        for (int i = 0; i < 10; i++) {
            body.append(textDelta("a" + i));
        }
        body.append(textDelta("odd").replace("\"finish_reason\"", "\"logprobs\":null,\"finish_reason\""));
        for (int i = 0; i < 10; i++) {
            body.append(textDelta("b \\\"" + i));
        }
        body.append(textDelta("tab\there"));
        for (int i = 0; i < 5; i++) {
            body.append(textDelta("c" + i));
        }
        body.append(STOP);
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(30, stats.eventsIn);
        assertEquals(30, stats.eventsOut);
        // Every event through the rules replaces the shapes with its own: the one with a field more teaches its
        // shape, so the next delta goes through the rules again and teaches the deltas' (the one with a tab too).
        assertEquals(9 + 9 + 5, stats.plainEvents, "all but the first delta, the one with a field more, the one after it and the one with a tab");
        for (int max : new int[] {1, 7, 64, 150, 1000}) {
            for (GuardRun run : new GuardRun[] {GuardRun.pull(body.toString(), GuardRun.config(""), null, Chunking.random(max, max)),
                    GuardRun.push(body.toString(), GuardRun.config(""), null, Chunking.random(max, max))}) {
                assertEquals(body.toString(), run.text(), "chunks of up to " + max);
                assertEquals(30, run.report.eventsIn(), "chunks of up to " + max);
                assertEquals(30, run.report.eventsOut(), "chunks of up to " + max);
            }
        }
    }

    /**
     * A chunk that ends inside an event of a learned shape: cut at any byte, the event is still taken by its shape once
     * its end comes, and one that turns out to differ after the cut (a field more) goes through the full path; the
     * client reads the body as it came, also with a shape framed unusually (CRLF), whose cut events are framed as they
     * come.
     */
    @Test
    void anEventCutAnywhereIsTakenByItsShapeOnlyIfItHasIt() throws Exception {
        String odd = textDelta("odd").replace("\"finish_reason\"", "\"logprobs\":null,\"finish_reason\"");
        for (String lineEnd : new String[] {"\n", "\r\n"}) {
            for (String cutEvent : new String[] {textDelta("cut"), odd}) {
                String before = (ROLE + textDelta("a") + textDelta("b")).replace("\n", lineEnd);
                String body = before + (cutEvent + textDelta("c") + textDelta("d") + STOP).replace("\n", lineEnd);
                StringBuilder whole = new StringBuilder();
                long plain = statsAfter(body, GuardRun.config(""), whole).plainEvents;
                assertEquals(body, whole.toString());
                assertEquals(cutEvent == odd ? 2 : 4, plain, "unsplit, " + lineEnd.length() + "-byte line ends");
                int cutLength = cutEvent.replace("\n", lineEnd).length();
                for (int cut = before.length(); cut <= before.length() + cutLength + 1; cut++) {
                    StringBuilder out = new StringBuilder();
                    StreamStats[] counted = new StreamStats[1];
                    run(body, cut, GuardRun.config(""), out, counted);
                    StreamStats stats = counted[0];
                    String at = "cut at " + (cut - before.length()) + " of " + cutEvent.trim() + ", " + lineEnd.length() + "-byte line ends";
                    assertEquals(body, out.toString(), at);
                    if (lineEnd.length() == 1) {
                        assertEquals(plain, stats.plainEvents, at);
                    }
                    assertEquals(8, stats.eventsOut, at);
                }
            }
        }
    }

    /** An event of the run's shape but over the event limit is not taken with the run: the stream fails at it. */
    @Test
    void anEventOverTheLimitEndsARunAndIsRefused() throws Exception {
        StringBuilder before = new StringBuilder(ROLE);
        for (int i = 0; i < 11; i++) {
            before.append(textDelta("w" + i));
        }
        String body = before + textDelta("x".repeat(300)) + textDelta("after") + STOP;
        StringBuilder out = new StringBuilder();
        StreamStats[] stats = new StreamStats[1];
        dev.streamguard.StreamGuardException e = org.junit.jupiter.api.Assertions.assertThrows(dev.streamguard.StreamGuardException.class,
                () -> run(body, GuardRun.config("event.max-bytes=256"), out, stats));
        assertEquals("streamguard: an event exceeded 256B (streamguard.event.max-bytes) after 12 events; the upstream is sending an"
                + " event without end", e.getMessage());
        assertEquals(before.toString(), out.toString());
        assertEquals(10, stats[0].plainEvents);
    }

    /** The fixture's last fragment has the shape of the one before: the cap must fire on the fast path. */
    @Test
    void argumentFragmentsRecognisedByShapeStillFeedTheCaps() throws Exception {
        assertCapHitOnTheFastPath("openai/d20-call-cap");
    }

    /**
     * Parallel calls whose fragments take turns two by two: the second of each pair has the shape the first
     * taught, and the next pair is another call's. Each fragment must be charged to its own call: one counted
     * for another would leave two calls' arguments invalid JSON (D21).
     */
    @Test
    void fragmentsOfParallelCallsTakingTurnsStayWithTheirCalls() throws Exception {
        int calls = 4;
        StringBuilder body = new StringBuilder();
        for (int c = 0; c < calls; c++) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").append(c)
                    .append(",\"id\":\"call_").append(c).append("\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},")
                    .append("\"finish_reason\":null}]}\n\n");
        }
        String[] parts = {"{\\\"n\\\":", "1", "0", ",\\\"s\\\":\\\"", "ab", "c", "\\\"", "}"};
        for (int k = 0; k < parts.length; k += 2) {
            for (int c = 0; c < calls; c++) {
                for (String p : new String[] {parts[k], parts[k + 1]}) {
                    body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").append(c)
                            .append(",\"function\":{\"arguments\":\"").append(p).append("\"}}]},\"finish_reason\":null}]}\n\n");
                }
            }
        }
        body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(0, stats.counted(Deviation.D21));
        assertEquals(calls * parts.length / 2, stats.plainEvents);
    }

    @Test
    void aFragmentEndingTheArgumentsThenAResendIsDroppedByTheFullPath() {
        StringBuilder body = new StringBuilder("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
        String[] parts = {"[1", ",2", ",3", "]", "[1,2,3]"};
        for (String p : parts) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"")
                    .append(p).append("\"}}]},\"finish_reason\":null}]}\n\n");
        }
        body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
        GuardRun run = GuardRun.enforce(body.toString());
        assertEquals(body.toString().replace("\"arguments\":\"[1,2,3]\"", "\"arguments\":\"\""), run.text());
        assertEquals(1, run.report.count(Deviation.D10));
        assertTrue(run.failure == null);
    }

    private static final String RESPONSES_START = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
            + "\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1764633600,\"status\":\"in_progress\","
            + "\"model\":\"m\",\"output\":[]}}\n\n"
            + "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
            + "\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}\n\n";

    private static String responsesTextDelta(String number, String text, String noise) {
        return "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":" + number
                + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + text
                + "\",\"logprobs\":[],\"obfuscation\":\"" + noise + "\"}\n\n";
    }

    private static String responsesEnd(int number) {
        return "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":" + number
                + ",\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\","
                + "\"content\":[],\"role\":\"assistant\"}}\n\n"
                + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":" + (number + 1)
                + ",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1764633600,\"status\":\"completed\","
                + "\"model\":\"m\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"content\":[],"
                + "\"role\":\"assistant\"}]}}\n\n";
    }

    @Test
    void responsesTextDeltasAfterTheFirstAreRecognisedByShapeWhateverTheirNumber() throws Exception {
        StringBuilder body = new StringBuilder(RESPONSES_START);
        for (int i = 0; i < 30; i++) {
            body.append(responsesTextDelta(Integer.toString(2 + i), "word " + i + " \\\"q\\\"", "n".repeat(i % 5)));
        }
        body.append(responsesEnd(32));
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(29, stats.plainEvents);
        assertEquals(Protocol.OPENAI_RESPONSES, stats.protocol);
    }

    /**
     * Numbers that stop increasing after a shape was learned (R5): the event that repeats one is renumbered by the
     * full path, and so is every later one, which the shift moves past it.
     */
    @Test
    void aResponsesDeltaWhoseNumberDoesNotIncreaseLeavesTheShapeForTheFullPath() throws Exception {
        String body = RESPONSES_START + responsesTextDelta("2", "a", "x") + responsesTextDelta("3", "b", "y")
                + responsesTextDelta("3", "c", "z") + responsesTextDelta("4", "d", "w") + responsesTextDelta("10", "e", "v")
                + responsesEnd(11);
        String expected = RESPONSES_START + responsesTextDelta("2", "a", "x") + responsesTextDelta("3", "b", "y")
                + responsesTextDelta("4", "c", "z") + responsesTextDelta("5", "d", "w") + responsesTextDelta("11", "e", "v")
                + responsesEnd(12);
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body, GuardRun.config(""), out);
        assertEquals(expected, out.toString());
        assertEquals(1, stats.plainEvents, "only the delta numbered 3 took the fast path");
        assertEquals(1, stats.counted(Deviation.R5));
    }

    /** A number the fast path cannot read as a plain integer (a leading zero, a fraction) goes to the full path. */
    @Test
    void aResponsesDeltaNumberedOddlyIsNotTakenForTheShape() throws Exception {
        for (String odd : new String[] {"03", "3.5", "3e0", "-3"}) {
            String body = RESPONSES_START + responsesTextDelta("2", "a", "x") + responsesTextDelta(odd, "b", "y") + responsesEnd(4);
            StringBuilder out = new StringBuilder();
            StreamStats stats = statsAfter(body, GuardRun.config(""), out);
            assertEquals(0, stats.plainEvents, odd);
        }
    }

    /** The fixture's second fragment has the shape of the first: the cap must fire on the fast path. */
    @Test
    void responsesArgumentFragmentsRecognisedByShapeStillFeedTheCaps() throws Exception {
        assertCapHitOnTheFastPath("responses/r6-call-cap");
    }

    /** The fixture fails at a cap, exactly as it says, on a fragment that took the fast path. */
    private static void assertCapHitOnTheFastPath(String fixture) {
        Fixture f = Fixture.load(fixture);
        StreamStats[] stats = new StreamStats[1];
        StringBuilder out = new StringBuilder();
        dev.streamguard.StreamGuardException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.streamguard.StreamGuardException.class, () -> run(f.input, f.guardConfig(), out, stats));
        assertEquals(f.failureMessage, e.getMessage());
        assertEquals(1, stats[0].plainEvents, "the fragment that crossed the cap took the fast path");
        assertEquals(f.expected, out.toString());
    }

    /**
     * A text delta that names a function call's item: the full path charges nothing to the call, and neither may the
     * shape it teaches. The call's own arguments are then whole JSON.
     */
    @Test
    void aResponsesTextDeltaNamingAFunctionCallAddsNothingToItsArguments() throws Exception {
        String added = "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,"
                + "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
                + "\"arguments\":\"\",\"call_id\":\"call_1\",\"name\":\"f\"}}\n\n";
        StringBuilder body = new StringBuilder(RESPONSES_START.substring(0, RESPONSES_START.indexOf("event: response.output_item.added")))
                .append(added);
        for (int i = 0; i < 3; i++) {
            body.append(responsesTextDelta(Integer.toString(2 + i), "word" + i, "x").replace("msg_1", "fc_1"));
        }
        body.append("event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\","
                + "\"sequence_number\":5,\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":\"{}\"}\n\n");
        body.append("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":6,\"response\":"
                + "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1764633600,\"status\":\"completed\",\"model\":\"m\","
                + "\"output\":[{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":\"{}\","
                + "\"call_id\":\"call_1\",\"name\":\"f\"}]}}\n\n");
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(2, stats.plainEvents, "the second and third text deltas took the fast path");
        assertEquals(0, stats.counted(Deviation.D21));
    }

    /** A Gemini text chunk (CRLF framing, as Gemini sends it) with its growing token counts. */
    private static String geminiText(String text, String candidatesTokens, String finish) {
        return "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + text + "\"}],\"role\": \"model\"}"
                + (finish == null ? "" : ",\"finishReason\": \"" + finish + "\"") + ",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,"
                + "\"candidatesTokenCount\": " + candidatesTokens + ",\"totalTokenCount\": " + (9 + Integer.parseInt(candidatesTokens)) + "},"
                + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r1\"}\r\n\r\n";
    }

    @Test
    void geminiTextChunksAfterTheFirstAreRecognisedByShapeWhateverTheirTokenCounts() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append(geminiText("word " + i + " \\\"q\\\"", Integer.toString(3 + i * 11), null));
        }
        body.append(geminiText(" end", "250", "STOP"));
        StringBuilder out = new StringBuilder();
        StreamStats stats = statsAfter(body.toString(), GuardRun.config(""), out);
        assertEquals(body.toString(), out.toString());
        assertEquals(19, stats.plainEvents);
        assertEquals(Protocol.GEMINI, stats.protocol);
        assertEquals(java.util.Map.of(), stats.toReport(new StreamContext("http://x", "t", null, StreamReportListener.NONE),
                dev.streamguard.config.Mode.ENFORCE, Outcome.COMPLETED, null).deviations());
    }

    /** Text chunks taken on the fast path leave the stream unfinished: a body cut after them is still G1. */
    @Test
    void aGeminiStreamCutAfterChunksRecognisedByShapeStillFails() throws Exception {
        String body = geminiText("a", "1", null) + geminiText("b", "2", null) + geminiText("c", "3", null);
        StringBuilder out = new StringBuilder();
        StreamStats[] stats = new StreamStats[1];
        dev.streamguard.StreamGuardException e = org.junit.jupiter.api.Assertions.assertThrows(dev.streamguard.StreamGuardException.class,
                () -> run(body, GuardRun.config(""), out, stats));
        assertEquals("streamguard: stream truncated: the body ended after 3 events (" + body.length() + " bytes) before every candidate"
                + " had a finishReason (1 of 1 unfinished)", e.getMessage());
        assertEquals(2, stats[0].plainEvents);
        assertEquals(body, out.toString());
    }

    /** A count the fast path cannot read as a plain integer leaves the chunk to the full path. */
    @Test
    void aGeminiChunkWithAnOddTokenCountIsNotTakenForTheShape() throws Exception {
        for (String odd : new String[] {"07", "7.5", "7e0", "-7"}) {
            String body = geminiText("a", "1", null).replace("\"totalTokenCount\": 10", "\"totalTokenCount\": " + odd)
                    + geminiText("b", "2", null).replace("\"totalTokenCount\": 11", "\"totalTokenCount\": " + odd)
                    + geminiText("c", "3", "STOP");
            StringBuilder out = new StringBuilder();
            StreamStats stats = statsAfter(body, GuardRun.config(""), out);
            assertEquals(body, out.toString(), odd);
            assertEquals(0, stats.plainEvents, odd);
        }
    }
}
