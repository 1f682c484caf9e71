package dev.streamguard.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.SseReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the promise that nothing the upstream sends switches the caps off: any input that carries more
 * tool-argument bytes than the cap inside something recognisable as a tool call fails in enforce mode with
 * {@code CAP_EXCEEDED}, whatever comes before it, and the client never gets more argument bytes than the cap.
 * Each input is a hostile preamble (a gateway's status event, comments, data that is not JSON, an empty event
 * name, malformed JSON, more choices than the guard follows, a byte order mark, an oversized event of another
 * kind, an event of the other protocol, an empty error member) followed by an argument flood in one of the
 * shapes a client would accumulate (OpenAI deltas with or without a call start, index or string arguments; one
 * huge event; Anthropic input_json_delta events named or not; the input in content_block_start).
 *
 * <p>The argument bytes the client got are counted independently, with jackson-core, from the output's events:
 * every string under an {@code arguments}, {@code partial_json} or {@code input} key, and object arguments as
 * their JSON text. Runs through both adapters under random chunkings.
 *
 * <p>Two runs: one with a new seed each time (printed; {@code -Dstreamguard.capfuzz.seed=<seed>} repeats it), and
 * one with a fixed seed, the same inputs every build. A failure prints the command that reruns it.
 */
class ArgumentCapFuzzTest {
    private static final long RANDOM_SEED = Long.getLong("streamguard.capfuzz.seed", System.nanoTime() ^ 0x2545F4914F6CDD1DL);
    private static final long FIXED_SEED = 0x5EEDCAFEL;
    private static final int INPUTS = Integer.getInteger("streamguard.capfuzz.inputs", 20_000);

    @Test
    void aFloodAfterAnyPreambleFailsAtTheCapWithANewSeed() {
        fuzz(RANDOM_SEED, INPUTS);
    }

    @Test
    void aFloodAfterAnyPreambleFailsAtTheCapWithTheFixedSeed() {
        fuzz(FIXED_SEED, INPUTS);
    }

    /** The checks can fail: a flood the guard does not stop breaks the property. */
    @Test
    void theCheckRejectsAFloodThatGotThrough() {
        String flood = new Input(new Random(1), 100).flood;
        GuardRun passed = GuardRun.pull(flood, GuardRun.config("mode=observe"), null, Chunking.whole());
        String problem = problem(passed, 100);
        assertTrue(problem != null && problem.contains("argument bytes, over the cap"), String.valueOf(problem));
        assertTrue(argumentBytes(flood.getBytes(StandardCharsets.UTF_8)) >= 200, "the flood carries at least twice the cap");
    }

    private static void fuzz(long seed, int inputs) {
        System.out.println("ArgumentCapFuzzTest: seed " + seed + ", " + inputs + " inputs (repeat with: mvn -pl bootstrap test "
                + "-Dtest=ArgumentCapFuzzTest -Dstreamguard.capfuzz.seed=" + seed + ")");
        Map<String, Integer> failures = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            Random r = new Random(seed * 31 + i);
            int cap = 200 + r.nextInt(1800);
            Input in = new Input(r, cap);
            // Invalid JSON only reported: the caps alone must stop a flood, whatever its text.
            String config = "tool-args.max-bytes=" + cap + "B,tool-args.max-stream-bytes=" + cap + "B,event.max-bytes=" + in.eventCap
                    + "B,tool-args.invalid-json=report";
            boolean push = r.nextBoolean();
            long chunkSeed = r.nextLong();
            int maxChunk = 1 + r.nextInt(r.nextBoolean() ? 64 : 4096);
            Chunking chunking = Chunking.random(chunkSeed, maxChunk);
            GuardRun run = push ? GuardRun.push(in.body, GuardRun.config(config), null, chunking)
                    : GuardRun.pull(in.body, GuardRun.config(config), null, chunking);
            String problem = problem(run, cap);
            if (problem != null) {
                failures.merge(problem.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                if (examples.size() < 5) {
                    examples.add("input " + i + " [" + in.preamble + " / " + in.shape + ", cap " + cap + ", event cap " + in.eventCap
                            + ", " + (push ? "push" : "pull") + ", chunks of at most " + maxChunk + "]: " + problem);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.values().stream().mapToInt(Integer::intValue).sum() + " of " + inputs + " inputs got past the cap (seed " + seed
                    + "; repeat with: mvn -pl bootstrap test -Dtest=ArgumentCapFuzzTest -Dstreamguard.capfuzz.seed=" + seed + "): "
                    + failures + "\n" + String.join("\n", examples));
        }
    }

    /** What is wrong with the run of a flood under this cap; null when it failed at the cap and nothing got through. */
    static String problem(GuardRun run, int cap) {
        long got = argumentBytes(run.output);
        if (got > cap) {
            return "the client got " + got + " argument bytes, over the cap";
        }
        if (run.failure == null) {
            return "no failure, " + got + " argument bytes out";
        }
        if (run.failure.reason() != StreamGuardException.Cause.CAP_EXCEEDED) {
            return "failed with " + run.failure.reason() + ": " + run.failure.getMessage();
        }
        return null;
    }

    /** The tool-argument bytes in the events of {@code output}, as a client's JSON parser sees them. */
    static long argumentBytes(byte[] output) {
        long total = 0;
        for (SseReference.Event e : SseReference.parse(output)) {
            if (e.dataLines == 0) {
                continue;
            }
            try {
                total += argumentBytes(JsonTree.parse(new String(e.data, StandardCharsets.UTF_8)), null);
            } catch (RuntimeException notJson) {
                // No client reads arguments out of an event that is not JSON.
            }
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private static long argumentBytes(Object node, String key) {
        boolean argumentKey = "arguments".equals(key) || "partial_json".equals(key) || "input".equals(key);
        if (argumentKey && node instanceof String) {
            return ((String) node).getBytes(StandardCharsets.UTF_8).length;
        }
        long total = 0;
        if (node instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) node;
            if (argumentKey && !m.isEmpty()) {
                return m.toString().length();
            }
            for (Map.Entry<String, Object> f : m.entrySet()) {
                total += argumentBytes(f.getValue(), f.getKey());
            }
        } else if (node instanceof List) {
            for (Object n : (List<Object>) node) {
                total += argumentBytes(n, null);
            }
        }
        return total;
    }

    /** A hostile preamble and a flood of {@code 2..5 x cap} argument bytes after it. */
    private static final class Input {
        final String preamble;
        final String shape;
        final String flood;
        final String body;
        final int eventCap;

        Input(Random r, int cap) {
            this.eventCap = 4 * cap + r.nextInt(60_000);
            StringBuilder pre = new StringBuilder();
            List<String> parts = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(13);
                parts.add(PREAMBLES[k]);
                pre.append(preamble(k, r, eventCap, i == 0));
            }
            this.preamble = parts.isEmpty() ? "none" : String.join("+", parts);
            int s = r.nextInt(SHAPES.length);
            this.shape = SHAPES[s];
            this.flood = flood(s, r, (2 + r.nextInt(4)) * cap);
            this.body = pre + flood;
        }
    }

    private static final String[] PREAMBLES = {"status", "comment", "retry", "not-json", "empty-data", "empty-event-name",
        "malformed", "many-choices", "bom", "oversized-other", "anthropic-event", "openai-event", "empty-error"};

    private static String preamble(int k, Random r, int eventCap, boolean first) {
        switch (k) {
            case 0:
                return "data: {\"status\":\"queued\",\"position\":" + r.nextInt(9) + "}\n\n";
            case 1:
                return ": keep-alive\n\n";
            case 2:
                return "retry: 1000\n\n";
            case 3:
                return "data: waiting for a worker\n\n";
            case 4:
                return "data:\n\n";
            case 5:
                return "event:\ndata: {\"kind\":\"x\"}\n\n";
            case 6:
                return "data: {\"choices\":[{\"index\":0,\"delta\":\n\n";
            case 7:
                StringBuilder sb = new StringBuilder("data: {\"choices\":[");
                for (int i = 0; i < 1030; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"delta\":{},\"finish_reason\":null}");
                }
                return sb.append("]}\n\n").toString();
            case 8:
                return first ? "\ufeff" : ": no mark here\n\n";
            case 9:
                return "data: {\"log\":\"" + "y".repeat(eventCap + 10) + "\"}\n\n";
            case 10:
                return "event: ping\ndata: {\"type\":\"ping\"}\n\n";
            case 11:
                return "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
            default:
                return "data: {\"error\":null,\"kind\":\"x\"}\n\n";
        }
    }

    private static final String[] SHAPES = {"openai-deltas", "openai-continuations-only", "openai-no-index", "openai-one-event",
        "openai-object-arguments", "anthropic-named", "anthropic-unnamed", "anthropic-start-input"};

    private static String flood(int shape, Random r, int bytes) {
        int fragment = 50 + r.nextInt(400);
        int fragments = bytes / fragment + 1;
        String x = "x".repeat(fragment);
        StringBuilder sb = new StringBuilder();
        switch (shape) {
            case 0:
            case 1:
            case 2:
                String index = shape == 2 ? "" : "\"index\":0,";
                if (shape != 1) {
                    sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{").append(index)
                            .append("\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"d\\\":\\\"\"}}]},\"finish_reason\":null}]}\n\n");
                }
                for (int i = 0; i < fragments; i++) {
                    sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{").append(index)
                            .append("\"function\":{\"arguments\":\"").append(x).append("\"}}]},\"finish_reason\":null}]}\n\n");
                }
                return sb.toString();
            case 3:
                return "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"d\\\":\\\"" + "x".repeat(bytes) + "\\\"}\"}}]},\"finish_reason\":null}]}\n\n";
            case 4:
                return "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":{\"d\":\"" + "x".repeat(bytes) + "\"}}}]},\"finish_reason\":null}]}\n\n";
            case 5:
            case 6:
                boolean named = shape == 5;
                sb.append(named ? "event: content_block_start\n" : "").append("data: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\n\n");
                sb.append(named ? "event: content_block_delta\n" : "").append("data: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"d\\\":\\\"\"}}\n\n");
                for (int i = 0; i < fragments; i++) {
                    sb.append(named ? "event: content_block_delta\n" : "").append("data: {\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"").append(x).append("\"}}\n\n");
                }
                return sb.toString();
            default:
                return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"d\":\"" + "x".repeat(bytes) + "\"}}}\n\n";
        }
    }

    @Test
    void everyPreambleAndShapeIsGenerated() {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            Input in = new Input(new Random(FIXED_SEED * 31 + i), 300);
            seen.merge(in.shape, 1, Integer::sum);
            for (String p : in.preamble.split("\\+")) {
                seen.merge(p, 1, Integer::sum);
            }
        }
        for (String p : PREAMBLES) {
            assertTrue(seen.containsKey(p), p + " in " + seen);
        }
        for (String s : SHAPES) {
            assertTrue(seen.containsKey(s), s + " in " + seen);
        }
        assertEquals(PREAMBLES.length + SHAPES.length + 1, seen.size(), seen.toString());
    }
}
