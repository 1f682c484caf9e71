package dev.streamguard.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.Protocol;
import dev.streamguard.core.StreamReport;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JacksonOracle;
import dev.streamguard.testing.SseReference;
import dev.streamguard.testing.StreamGenerator;
import dev.streamguard.testing.StreamGenerator.Generated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Property: a compliant stream (DESIGN.md section 2) passes through the guard byte for byte, through both
 * adapters and under any chunking, in the default enforce mode, with a report that names its protocol and
 * no deviation but D22 (which only CR/CRLF endings or {@code data:} without a space may raise).
 *
 * <p>Reproduce one case with {@code -Dstreamguard.seed=<master seed>}; each failure message names the
 * stream seed ({@link StreamGenerator#generate(long)}) and the chunking.
 */
class CompliantStreamPropertyTest {
    private static final long MASTER_SEED = Long.getLong("streamguard.seed", 0x5eed_2026_0001L);
    private static final int STREAMS = Integer.getInteger("streamguard.streams", 2500);
    private static final int[] MAX_CHUNK = {1, 2, 3, 5, 8, 13, 31, 64, 256, 1024, 8192};

    @Test
    void compliantStreamsPassThroughUnchangedThroughBothAdapters() {
        GuardConfig config = GuardRun.config("");
        Random master = new Random(MASTER_SEED);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> coverage = new TreeMap<>();
        int everyByte = 0;
        long bytes = 0;
        for (int i = 0; i < STREAMS; i++) {
            long seed = master.nextLong();
            Generated g = StreamGenerator.generate(seed);
            for (String f : g.features) {
                coverage.merge(f, 1, Integer::sum);
            }
            int length = g.body.getBytes(StandardCharsets.UTF_8).length;
            bytes += length;
            for (String adapter : new String[] {"pull", "push"}) {
                long chunkSeed = master.nextLong();
                Chunking chunking;
                String chunkingName;
                if (length <= 4000 && master.nextInt(4) == 0) {
                    chunking = Chunking.everyByte();
                    chunkingName = "everyByte";
                    everyByte++;
                } else {
                    int max = MAX_CHUNK[master.nextInt(MAX_CHUNK.length)];
                    chunking = Chunking.random(chunkSeed, max);
                    chunkingName = "random(" + chunkSeed + "L, " + max + ")";
                }
                GuardRun run;
                try {
                    run = adapter.equals("pull") ? GuardRun.pull(g.body, config, null, chunking)
                            : GuardRun.push(g.body, config, null, chunking);
                } catch (RuntimeException | AssertionError e) {
                    failures.add(g + " via " + adapter + " " + chunkingName + ": threw " + e);
                    continue;
                }
                String problem = check(g, run);
                if (problem != null) {
                    failures.add(g + " via " + adapter + " " + chunkingName + ": " + problem);
                }
            }
        }
        System.out.printf("compliant streams: %d streams, %d bytes, %d every-byte runs, features %s%n",
                STREAMS, bytes, everyByte, coverage);
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " of " + (2 * STREAMS)
                    + " runs of compliant streams were not passed through unchanged (master seed " + MASTER_SEED + "):");
            for (int i = 0; i < Math.min(8, failures.size()); i++) {
                sb.append("\n  ").append(failures.get(i));
            }
            fail(sb.toString());
        }
        // The property is only as good as the variety of what was generated.
        String[] required = {
            "LF", "CRLF", "CR", "openai", "anthropic", "data-without-space", "multi-line-data", "comment-event",
            "comment-line-in-event", "azure-first-chunk", "include-usage", "usage-null", "parallel-tool-calls",
            "tool-call-on-first-chunk", "finish-stop", "finish-tool_calls", "n=2", "tool_use", "no-parameter-tool",
            "thinking", "ping", "citations-delta", "args-split-tiny", "args-split-inside-surrogate-pair",
            "args-with-escapes", "escaped-surrogate-pair", "escaped-lone-surrogate", "escaped-non-ascii",
            "args-empty-fragment", "args-empty-object", "stop-tool_use", "stop-end_turn", "id-line",
            "event-line-after-data", "several-blocks", "interleaved-thinking", "redacted-thinking", "usage-details",
            "responses", "function-call", "several-function-calls", "output-text", "refusal", "reasoning-summary",
            "gemini", "gemini-function-call", "parallel-function-calls", "streamed-function-call", "thought", "candidates=2",
            "gemini-STOP", "gemini-MAX_TOKENS"
        };
        for (String f : required) {
            assertTrue(coverage.getOrDefault(f, 0) >= 10, "too few streams with " + f + ": " + coverage);
        }
    }

    /** What is wrong with the run of a compliant stream, or null. */
    private static String check(Generated g, GuardRun run) {
        byte[] expected = g.body.getBytes(StandardCharsets.UTF_8);
        if (run.failure != null) {
            return "failed: " + run.failure.getMessage() + "; report " + run.report;
        }
        if (!java.util.Arrays.equals(expected, run.output)) {
            int at = firstDifference(expected, run.output);
            return "output differs at byte " + at + " of " + expected.length + " (got " + run.output.length + "): expected "
                    + excerpt(expected, at) + " but got " + excerpt(run.output, at) + "; report " + run.report;
        }
        StreamReport r = run.report;
        if (r == null) {
            return "no report";
        }
        if (r.protocol() != g.protocol) {
            return "protocol " + r.protocol() + ", expected " + g.protocol;
        }
        if (r.outcome() != Outcome.COMPLETED || r.failureCause() != null || r.failedOpen()) {
            return "report " + r;
        }
        Map<Deviation, Integer> unexpected = new LinkedHashMap<>(r.deviations());
        Integer d22 = unexpected.remove(Deviation.D22);
        if (!unexpected.isEmpty()) {
            return "deviations " + unexpected + " reported on a compliant stream; report " + r;
        }
        if (g.unusualFraming != (d22 != null)) {
            return "D22 " + (d22 == null ? "not reported although the stream used CR/CRLF or data: without a space"
                    : "reported (" + d22 + ") on a stream with LF endings and data: with a space") + "; report " + r;
        }
        if (r.eventsRewritten() != 0 || r.malformedEvents() != 0) {
            return "events rewritten or malformed on a compliant stream: " + r;
        }
        if (r.bytesIn() != expected.length || r.bytesOut() != expected.length) {
            return "bytes in/out " + r.bytesIn() + "/" + r.bytesOut() + ", expected " + expected.length;
        }
        return null;
    }

    /** Negative control: the check above does see a stream that the guard changes or fails. */
    @Test
    void theCheckRejectsStreamsTheGuardChanges() {
        GuardConfig config = GuardRun.config("");
        Random master = new Random(MASTER_SEED);
        int checked = 0;
        for (int i = 0; i < 100; i++) {
            Generated g = StreamGenerator.openAi(master.nextLong());
            if (g.unusualFraming) {
                continue;
            }
            checked++;
            // D13: a second [DONE] is dropped, so the output is no longer the input.
            Generated extraDone = g.withBody(g.body + "data: [DONE]\n\n");
            String problem = check(extraDone, GuardRun.pull(extraDone.body, config, null, Chunking.whole()));
            assertTrue(problem != null && problem.startsWith("output differs"), extraDone + ": " + problem);
            // D15: without its [DONE] and finish the stream is truncated and fails.
            Generated truncated = g.withBody(beforeFirstFinish(g.body));
            problem = check(truncated, GuardRun.push(truncated.body, config, null, Chunking.whole()));
            assertTrue(problem != null && problem.startsWith("failed: streamguard: stream truncated"), truncated + ": " + problem);
            // The D22 expectation is checked both ways.
            Generated claimsUnusual = g.withUnusualFraming(true);
            problem = check(claimsUnusual, GuardRun.pull(g.body, config, null, Chunking.whole()));
            assertTrue(problem != null && problem.startsWith("D22 not reported"), problem);
        }
        assertTrue(checked >= 10, "only " + checked + " streams checked");
    }

    /**
     * The generator itself must produce what the property claims: every data payload JSON (or [DONE]),
     * the reference shapes of section 2, and tool arguments whose fragments join into one JSON object.
     * Checked with Jackson, independently of the guard.
     */
    @Test
    void generatedStreamsHaveTheReferenceShapes() {
        Random master = new Random(MASTER_SEED ^ 0x9e3779b97f4a7c15L);
        int toolCalls = 0;
        for (int i = 0; i < 400; i++) {
            Generated g = StreamGenerator.generate(master.nextLong());
            List<SseReference.Event> events = SseReference.parse(g.body.getBytes(StandardCharsets.UTF_8));
            assertTrue(events.get(events.size() - 1).terminated, g + ": ends with an unterminated event");
            toolCalls += g.protocol == Protocol.OPENAI_CHAT ? checkOpenAiShape(g, events)
                    : g.protocol == Protocol.ANTHROPIC_MESSAGES ? checkAnthropicShape(g, events)
                    : g.protocol == Protocol.GEMINI ? checkGeminiShape(g, events) : checkResponsesShape(g, events);
        }
        assertTrue(toolCalls > 200, "only " + toolCalls + " tool calls generated");
    }

    /**
     * Every data event is a Gemini response with candidates; only the last has finish reasons, one per candidate;
     * every function call carries a name with object arguments, or streams its arguments in parts to an empty end.
     */
    private static int checkGeminiShape(Generated g, List<SseReference.Event> events) {
        int calls = 0;
        boolean finished = false;
        boolean streaming = false;
        for (SseReference.Event e : events) {
            if (e.dataLines == 0) {
                continue;
            }
            assertTrue(!finished, g + ": a chunk after the finish");
            assertTrue(e.name == null, g + ": a named event");
            Map<String, Object> chunk = JacksonOracle.object(JacksonOracle.tree(e.data));
            List<Object> candidates = JacksonOracle.array(chunk.get("candidates"));
            int finishes = 0;
            for (Object c : candidates) {
                Map<String, Object> candidate = JacksonOracle.object(c);
                finishes += candidate.containsKey("finishReason") ? 1 : 0;
                for (Object p : JacksonOracle.array(JacksonOracle.object(candidate.get("content")).get("parts"))) {
                    Object call = JacksonOracle.object(p).get("functionCall");
                    if (call == null) {
                        continue;
                    }
                    Map<String, Object> functionCall = JacksonOracle.object(call);
                    if (functionCall.containsKey("name")) {
                        calls++;
                        streaming = Boolean.TRUE.equals(functionCall.get("willContinue"));
                        if (!streaming) {
                            JacksonOracle.object(functionCall.get("args"));
                        }
                    } else {
                        assertTrue(streaming, g + ": a part of no streamed call");
                        streaming = functionCall.containsKey("partialArgs");
                    }
                }
            }
            assertTrue(finishes == 0 || finishes == candidates.size(), g + ": some candidates finished, not all");
            finished = finishes > 0;
        }
        assertTrue(finished && !streaming, g + ": no finish, or a streamed call left open");
        return calls;
    }

    /**
     * A Responses stream: every event named after its type with an increasing sequence number, each function call's
     * deltas adding up to its whole arguments (one JSON value), and response.completed last, holding every item.
     */
    private static int checkResponsesShape(Generated g, List<SseReference.Event> events) {
        long lastSequence = -1;
        Map<String, StringBuilder> args = new LinkedHashMap<>();
        Map<String, Object> terminal = null;
        int items = 0;
        for (SseReference.Event e : events) {
            if (e.dataLines == 0) {
                continue;
            }
            assertTrue(terminal == null, g + ": an event after response.completed");
            Map<String, Object> event = JacksonOracle.object(JacksonOracle.tree(e.data));
            assertEquals(event.get("type"), e.name == null ? null : new String(e.name, StandardCharsets.UTF_8), g + ": event name and type");
            long sequence = ((Number) event.get("sequence_number")).longValue();
            assertTrue(sequence > lastSequence, g + ": sequence numbers not increasing");
            lastSequence = sequence;
            String type = (String) event.get("type");
            if (type.equals("response.output_item.added")) {
                items++;
                Map<String, Object> item = JacksonOracle.object(event.get("item"));
                if ("function_call".equals(item.get("type"))) {
                    args.put((String) item.get("id"), new StringBuilder());
                }
            } else if (type.equals("response.function_call_arguments.delta")) {
                args.get((String) event.get("item_id")).append((String) event.get("delta"));
            } else if (type.equals("response.function_call_arguments.done")) {
                String whole = args.get((String) event.get("item_id")).toString();
                assertEquals(whole, event.get("arguments"), g + ": deltas and done differ");
                JacksonOracle.tree(whole);
            } else if (type.equals("response.completed")) {
                terminal = JacksonOracle.object(event.get("response"));
            }
        }
        assertTrue(terminal != null, g + ": no response.completed");
        assertEquals(items, JacksonOracle.array(terminal.get("output")).size(), g + ": output items");
        return args.size();
    }

    private static int checkOpenAiShape(Generated g, List<SseReference.Event> events) {
        Map<Integer, Boolean> roleSeen = new HashMap<>();
        Map<String, StringBuilder> args = new LinkedHashMap<>();
        Map<Integer, Boolean> hadTools = new HashMap<>();
        Map<Integer, String> finish = new HashMap<>();
        int dataEvents = 0;
        boolean done = false;
        for (SseReference.Event e : events) {
            if (e.dataLines == 0) {
                continue;
            }
            dataEvents++;
            assertTrue(!done, g + ": data after [DONE]");
            if (e.dataText().equals("[DONE]")) {
                done = true;
                continue;
            }
            Map<String, Object> chunk = JacksonOracle.object(JacksonOracle.tree(e.data));
            List<Object> choices = JacksonOracle.array(chunk.get("choices"));
            if (choices.isEmpty()) {
                assertTrue(dataEvents == 1 || chunk.get("usage") instanceof Map, g + ": empty choices mid-stream");
                continue;
            }
            assertEquals("chat.completion.chunk", chunk.get("object"), g.toString());
            assertTrue(!(chunk.get("usage") instanceof Map), g + ": usage on a chunk with choices");
            for (Object co : choices) {
                Map<String, Object> c = JacksonOracle.object(co);
                int index = ((Number) c.get("index")).intValue();
                Map<String, Object> delta = JacksonOracle.object(c.get("delta"));
                boolean first = roleSeen.putIfAbsent(index, Boolean.TRUE) == null;
                assertEquals(first, delta.containsKey("role"), g + ": role on a later chunk, or not on the first");
                if (delta.containsKey("tool_calls")) {
                    hadTools.put(index, true);
                    for (Object to : JacksonOracle.array(delta.get("tool_calls"))) {
                        Map<String, Object> t = JacksonOracle.object(to);
                        String key = index + "/" + t.get("index");
                        Map<String, Object> fn = JacksonOracle.object(t.get("function"));
                        if (!args.containsKey(key)) {
                            assertEquals("function", t.get("type"), g.toString());
                            assertTrue(t.get("id") instanceof String && fn.get("name") instanceof String, g.toString());
                            assertEquals("", fn.get("arguments"), g + ": first delta of a call");
                            args.put(key, new StringBuilder());
                        } else {
                            assertEquals(Set.of("index", "function"), t.keySet(), g + ": continuation delta");
                            assertEquals(Set.of("arguments"), fn.keySet(), g + ": continuation delta");
                            args.get(key).append((String) fn.get("arguments"));
                        }
                    }
                }
                if (c.get("finish_reason") instanceof String) {
                    finish.put(index, (String) c.get("finish_reason"));
                }
            }
        }
        assertTrue(done, g + ": no [DONE]");
        for (Map.Entry<Integer, Boolean> choice : roleSeen.entrySet()) {
            String f = finish.get(choice.getKey());
            assertEquals(hadTools.containsKey(choice.getKey()), "tool_calls".equals(f), g + ": finish_reason " + f);
        }
        for (StringBuilder a : args.values()) {
            JacksonOracle.object(JacksonOracle.tree(a.toString()));
        }
        return args.size();
    }

    /**
     * Besides the tool inputs: blocks numbered 0, 1, 2... and each stopped before the next starts (D36), one
     * message_start (D37), usage on message_start and message_delta (D38), and every thinking block with a
     * signature in its start and one signature_delta, none in a thinking_delta (D39).
     */
    private static int checkAnthropicShape(Generated g, List<SseReference.Event> events) {
        Map<Object, StringBuilder> args = new HashMap<>();
        List<String> types = new ArrayList<>();
        int calls = 0;
        int blocks = 0;
        Object open = null;
        int signatures = -1;
        for (SseReference.Event e : events) {
            if (e.dataLines == 0) {
                continue;
            }
            Map<String, Object> ev = JacksonOracle.object(JacksonOracle.tree(e.data));
            String type = (String) ev.get("type");
            assertEquals(type, e.name == null ? null : new String(e.name, StandardCharsets.UTF_8), g + ": event line");
            if (!type.equals("ping")) {
                types.add(type);
            }
            if (type.equals("message_start")) {
                assertTrue(JacksonOracle.object(ev.get("message")).get("usage") instanceof Map, g + ": message_start without usage");
            } else if (type.equals("message_delta")) {
                assertTrue(ev.get("usage") instanceof Map, g + ": message_delta without usage");
            } else if (type.equals("content_block_start")) {
                assertEquals(null, open, g + ": a block starts while another is open");
                assertEquals(blocks++, ((Number) ev.get("index")).intValue(), g + ": block index");
                open = ev.get("index");
                Map<String, Object> block = JacksonOracle.object(ev.get("content_block"));
                if ("tool_use".equals(block.get("type"))) {
                    assertEquals(Map.of(), block.get("input"), g.toString());
                    args.put(ev.get("index"), new StringBuilder());
                }
                if ("thinking".equals(block.get("type"))) {
                    assertEquals("", block.get("signature"), g + ": thinking start");
                    signatures = 0;
                }
            } else if (type.equals("content_block_delta")) {
                assertEquals(open, ev.get("index"), g + ": a delta of another block than the open one");
                Map<String, Object> delta = JacksonOracle.object(ev.get("delta"));
                if ("input_json_delta".equals(delta.get("type"))) {
                    args.get(ev.get("index")).append((String) delta.get("partial_json")).append('\u0000');
                }
                assertTrue(!"thinking_delta".equals(delta.get("type")) || !delta.containsKey("signature"), g + ": signature in a thinking_delta");
                if ("signature_delta".equals(delta.get("type"))) {
                    signatures++;
                }
            } else if (type.equals("content_block_stop")) {
                assertEquals(open, ev.get("index"), g + ": the stop of another block than the open one");
                open = null;
                assertTrue(signatures == -1 || signatures == 1, g + ": a thinking block with " + signatures + " signature_deltas");
                signatures = -1;
                if (args.containsKey(ev.get("index"))) {
                    String fragments = args.remove(ev.get("index")).toString();
                    assertTrue(!fragments.isEmpty(), g + ": tool_use without input_json_delta");
                    String joined = fragments.replace("\u0000", "");
                    if (joined.isEmpty()) {
                        assertEquals("\u0000", fragments, g + ": a tool without parameters gets one empty delta");
                    } else {
                        JacksonOracle.object(JacksonOracle.tree(joined));
                    }
                    calls++;
                }
            }
        }
        assertEquals(1, java.util.Collections.frequency(types, "message_start"), g + ": message_start");
        assertEquals("message_start", types.get(0), g.toString());
        assertEquals(List.of("message_delta", "message_stop"), types.subList(types.size() - 2, types.size()), g.toString());
        return calls;
    }

    /** The body up to the first event whose chunk finishes a choice. */
    private static String beforeFirstFinish(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int offset = 0;
        for (SseReference.Event e : SseReference.parse(bytes)) {
            if (e.dataLines > 0 && !e.dataText().equals("[DONE]")) {
                Map<String, Object> chunk = JacksonOracle.object(JacksonOracle.tree(e.data));
                for (Object c : JacksonOracle.array(chunk.get("choices"))) {
                    if (JacksonOracle.object(c).get("finish_reason") instanceof String) {
                        return new String(bytes, 0, offset, StandardCharsets.UTF_8);
                    }
                }
            }
            offset += e.raw.length;
        }
        throw new AssertionError("no finish in " + body);
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static String excerpt(byte[] b, int at) {
        int from = Math.max(0, at - 40);
        int to = Math.min(b.length, at + 40);
        return SseReference.show(java.util.Arrays.copyOfRange(b, from, to));
    }
}
