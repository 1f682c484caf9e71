package dev.streamguard.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.testing.JacksonOracle;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonEdits}: removals of every combination of members of objects of 1 to 4 members, insertions,
 * replacements, and all of them together. The result must be JSON (read by Jackson) with exactly the
 * expected members in order, and every byte that no edit touches must come out as it came in.
 */
class JsonEditsTest {
    private static final String[] VALUES = {
        "1", "-0.5e3", "true", "null", "\"\"", "\"a,b}\"", "\"{\\\"k\\\":[1,2]}\"", "\"\\u00e9\\\\\"", "[]", "[1, {\"x\": \"]\"}]",
        "{}", "{\"n\":{\"m\":[null]}}", "\"\u4e2d\ud83d\ude00\""
    };
    private static final String[] WS = {"", "", " ", "\n", "\t", "\r\n  "};

    /** An object text with its members, written with random white space around every token. */
    static final class Obj {
        final String prefix;
        final String text;
        final String suffix;
        final List<String> keys = new ArrayList<>();
        final List<String> values = new ArrayList<>();

        Obj(Random r, int members) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    sb.append(ws(r)).append(',');
                }
                String key = "k" + i + (r.nextInt(4) == 0 ? ",}" : "");
                String value = VALUES[r.nextInt(VALUES.length)];
                keys.add(key);
                values.add(value);
                sb.append(ws(r)).append('"').append(key).append('"').append(ws(r)).append(':').append(ws(r)).append(value);
            }
            sb.append(ws(r)).append('}');
            text = sb.toString();
            prefix = "{\"before\":[1,{\"b\":2}]," + ws(r) + "\"obj\":" + ws(r);
            suffix = ws(r) + ",\"after\":\"}\"}";
        }

        byte[] bytes() {
            return (prefix + text + suffix).getBytes(StandardCharsets.UTF_8);
        }

        int start() {
            return prefix.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static String ws(Random r) {
        return WS[r.nextInt(WS.length)];
    }

    /** Records the members of the object at {@code [start, ...)} as the scanners do. */
    static ObjectMembers record(byte[] buf, int start) {
        ObjectMembers members = new ObjectMembers();
        JsonCursor cur = new JsonCursor().reset(buf, start, buf.length);
        cur.beginObject(members);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int key = cur.memberStart();
            int value = cur.position();
            cur.skipValue();
            cur.recordMember(members, key, value);
        }
        cur.endObject(members);
        assertTrue(members.isRecorded());
        return members;
    }

    private static byte[] apply(JsonEdits edits, byte[] buf) {
        ByteBuilder out = new ByteBuilder(16);
        edits.applyTo(buf, 0, buf.length, out);
        return out.toByteArray();
    }

    /** Checks the edited document: outer members intact, the object holding exactly {@code expected}. */
    private static void assertObject(byte[] result, List<Map.Entry<String, Object>> expected, String context) {
        Map<String, Object> outer = JacksonOracle.object(JacksonOracle.tree(result));
        assertEquals(List.of("before", "obj", "after"), new ArrayList<>(outer.keySet()), context);
        assertEquals(JacksonOracle.tree("[1,{\"b\":2}]"), outer.get("before"), context);
        assertEquals("}", outer.get("after"), context);
        Map<String, Object> obj = JacksonOracle.object(outer.get("obj"));
        assertEquals(expected, new ArrayList<>(obj.entrySet()), context);
    }

    /** Every kept member's bytes, key to value end, appear unchanged and in order. */
    private static void assertKeptVerbatim(byte[] buf, byte[] result, ObjectMembers members, boolean[] removed, String context) {
        String out = new String(result, StandardCharsets.UTF_8);
        int from = 0;
        for (int m = 0; m < members.count(); m++) {
            if (removed[m]) {
                continue;
            }
            String member = new String(buf, members.keyStart(m), members.valueEnd(m) - members.keyStart(m), StandardCharsets.UTF_8);
            int at = out.indexOf(member, from);
            assertTrue(at >= 0, "member " + m + " [" + member + "] kept verbatim in " + out + "; " + context);
            from = at + member.length();
        }
    }

    private static Map.Entry<String, Object> entry(String key, String valueJson) {
        return new AbstractMap.SimpleEntry<>(key, JacksonOracle.tree(valueJson));
    }

    @Test
    void removesEveryCombinationOfMembers() {
        Random r = new Random(1);
        JsonEdits edits = new JsonEdits(); // reused across cases, as the protocols do
        int cases = 0;
        for (int n = 1; n <= 4; n++) {
            for (int variant = 0; variant < 60; variant++) {
                Obj obj = new Obj(r, n);
                byte[] buf = obj.bytes();
                ObjectMembers members = record(buf, obj.start());
                assertEquals(n, members.count());
                for (int mask = 0; mask < (1 << n); mask++) {
                    edits.clear();
                    assertTrue(edits.isEmpty());
                    boolean[] removed = new boolean[n];
                    List<Map.Entry<String, Object>> expected = new ArrayList<>();
                    // removals registered in a random order, some twice
                    List<Integer> order = new ArrayList<>();
                    for (int m = 0; m < n; m++) {
                        removed[m] = (mask & (1 << m)) != 0;
                        if (removed[m]) {
                            order.add(m);
                        } else {
                            expected.add(entry(obj.keys.get(m), obj.values.get(m)));
                        }
                    }
                    java.util.Collections.shuffle(order, r);
                    for (int m : order) {
                        edits.remove(members, m);
                        if (r.nextInt(5) == 0) {
                            edits.remove(members, m);
                        }
                    }
                    assertEquals(mask == 0, edits.isEmpty());
                    byte[] result = apply(edits, buf);
                    String context = "removing mask " + Integer.toBinaryString(mask) + " from " + obj.text + " gives "
                            + new String(result, StandardCharsets.UTF_8);
                    assertObject(result, expected, context);
                    assertKeptVerbatim(buf, result, members, removed, context);
                    if (mask == 0) {
                        assertArrayEquals(buf, result, "no edit, no change");
                    }
                    cases++;
                }
            }
        }
        assertEquals(60 * (2 + 4 + 8 + 16), cases);
    }

    /** A first member, a last one, or both, beside removals of any members and a replaced last value. */
    @Test
    void insertsIntoEmptyAndNonEmptyObjectsWithAndWithoutRemovals() {
        Random r = new Random(2);
        JsonEdits edits = new JsonEdits();
        byte[] index = "\"index\":7".getBytes(StandardCharsets.US_ASCII);
        byte[] usage = "\"usage\":{\"output_tokens\":0}".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n <= 4; n++) {
            for (int variant = 0; variant < 40; variant++) {
                Obj obj = new Obj(r, n);
                byte[] buf = obj.bytes();
                ObjectMembers members = record(buf, obj.start());
                for (int mask = 0; mask < (1 << n); mask++) {
                    edits.clear();
                    boolean first = r.nextInt(3) != 0;
                    boolean last = !first || r.nextBoolean();
                    boolean replaceLast = last && n > 0 && (mask & (1 << (n - 1))) == 0 && r.nextBoolean();
                    boolean insertBeforeRemovals = r.nextBoolean();
                    List<Map.Entry<String, Object>> expected = new ArrayList<>();
                    if (first) {
                        expected.add(entry("index", "7"));
                    }
                    if (insertBeforeRemovals) {
                        insert(edits, members, first ? index : null, last ? usage : null);
                    }
                    boolean[] removed = new boolean[n];
                    for (int m = 0; m < n; m++) {
                        removed[m] = (mask & (1 << m)) != 0;
                        if (removed[m]) {
                            edits.remove(members, m);
                        } else {
                            expected.add(entry(obj.keys.get(m), replaceLast && m == n - 1 ? "[0]" : obj.values.get(m)));
                        }
                    }
                    if (replaceLast) {
                        edits.replace(members.valueStart(n - 1), members.valueEnd(n - 1), "[0]".getBytes(StandardCharsets.US_ASCII));
                        removed[n - 1] = true; // its bytes change
                    }
                    if (!insertBeforeRemovals) {
                        insert(edits, members, first ? index : null, last ? usage : null);
                    }
                    if (last) {
                        expected.add(entry("usage", "{\"output_tokens\":0}"));
                    }
                    byte[] result = apply(edits, buf);
                    String context = "inserting (first " + first + ", last " + last + ", last value replaced " + replaceLast
                            + ") with removal mask " + Integer.toBinaryString(mask) + " into " + obj.text + " gives "
                            + new String(result, StandardCharsets.UTF_8);
                    assertObject(result, expected, context);
                    assertKeptVerbatim(buf, result, members, removed, context);
                }
            }
        }
    }

    private static void insert(JsonEdits edits, ObjectMembers members, byte[] first, byte[] last) {
        if (last != null) {
            edits.insertLast(members, last);
        }
        if (first != null) {
            edits.insertFirst(members, first);
        }
    }

    @Test
    void replacesValuesTogetherWithRemovalsAndInsertions() {
        Random r = new Random(3);
        JsonEdits edits = new JsonEdits();
        String[] replacements = {"\"tool_calls\"", "null", "{\"x\":[1]}", "\"\"", "0"};
        for (int n = 1; n <= 4; n++) {
            for (int variant = 0; variant < 50; variant++) {
                Obj obj = new Obj(r, n);
                byte[] buf = obj.bytes();
                ObjectMembers members = record(buf, obj.start());
                int replaced = r.nextInt(n);
                String with = replacements[r.nextInt(replacements.length)];
                for (int mask = 0; mask < (1 << n); mask++) {
                    if ((mask & (1 << replaced)) != 0) {
                        continue; // a replaced value is never inside a removed member
                    }
                    edits.clear();
                    boolean insert = r.nextBoolean();
                    List<Map.Entry<String, Object>> expected = new ArrayList<>();
                    if (insert) {
                        edits.insertFirst(members, "\"id\":\"c\"".getBytes(StandardCharsets.US_ASCII));
                        expected.add(entry("id", "\"c\""));
                    }
                    for (int m = n - 1; m >= 0; m--) { // edits registered out of text order
                        if ((mask & (1 << m)) != 0) {
                            edits.remove(members, m);
                        }
                    }
                    edits.replace(members.valueStart(replaced), members.valueEnd(replaced),
                            with.getBytes(StandardCharsets.US_ASCII));
                    for (int m = 0; m < n; m++) {
                        if (m == replaced) {
                            expected.add(entry(obj.keys.get(m), with));
                        } else if ((mask & (1 << m)) == 0) {
                            expected.add(entry(obj.keys.get(m), obj.values.get(m)));
                        }
                    }
                    byte[] result = apply(edits, buf);
                    assertObject(result, expected, "replacing member " + replaced + " with " + with + ", removal mask "
                            + Integer.toBinaryString(mask) + ", insert " + insert + " in " + obj.text + " gives "
                            + new String(result, StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void editsInANestedObjectAndItsParentAtOnce() {
        String text = "{\"index\":0, \"delta\": {\"role\":\"assistant\", \"content\":\"x\", \"tool_calls\":[]}, \"usage\":{\"t\":1}, \"finish_reason\":\"\"}";
        byte[] buf = text.getBytes(StandardCharsets.UTF_8);
        ObjectMembers root = record(buf, 0);
        ObjectMembers delta = record(buf, root.valueStart(1));
        JsonEdits edits = new JsonEdits();
        edits.remove(root, 2);
        edits.remove(delta, 0);
        edits.insertFirst(delta, "\"index\":1".getBytes(StandardCharsets.US_ASCII));
        edits.replace(root.valueStart(3), root.valueEnd(3), "null".getBytes(StandardCharsets.US_ASCII));
        byte[] result = apply(edits, buf);
        assertEquals("{\"index\":0, \"delta\": {\"index\":1,\"content\":\"x\", \"tool_calls\":[]}, \"finish_reason\":null}",
                new String(result, StandardCharsets.UTF_8));
    }

    @Test
    void manyEditsGrowTheInternalArrays() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
        }
        byte[] buf = sb.append('}').toString().getBytes(StandardCharsets.US_ASCII);
        ObjectMembers members = record(buf, 0);
        JsonEdits edits = new JsonEdits();
        for (int round = 0; round < 2; round++) {
            edits.clear();
            StringBuilder expected = new StringBuilder("{\"first\":true");
            for (int i = 0; i < 40; i++) {
                if (i % 4 == 1) {
                    edits.replace(members.valueStart(i), members.valueEnd(i), ("\"r" + i + "\"").getBytes(StandardCharsets.US_ASCII));
                    expected.append(",\"m").append(i).append("\":\"r").append(i).append('"');
                } else if (i % 4 != 3) {
                    edits.remove(members, i);
                } else {
                    expected.append(",\"m").append(i).append("\":").append(i);
                }
            }
            edits.insertFirst(members, "\"first\":true".getBytes(StandardCharsets.US_ASCII));
            byte[] result = apply(edits, buf);
            assertEquals(JacksonOracle.tree(expected.append('}').toString()), JacksonOracle.tree(result));
        }
    }

    @Test
    void appliesToASliceOfALargerArray() {
        String data = "data: {\"a\":1,\"b\":2}\n\n";
        byte[] buf = data.getBytes(StandardCharsets.US_ASCII);
        ObjectMembers members = new ObjectMembers();
        JsonCursor cur = new JsonCursor().reset(buf, 6, buf.length - 2);
        cur.beginObject(members);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int key = cur.memberStart();
            int value = cur.position();
            cur.skipValue();
            cur.recordMember(members, key, value);
        }
        cur.endObject(members);
        JsonEdits edits = new JsonEdits();
        edits.remove(members, 0);
        ByteBuilder out = new ByteBuilder(4);
        out.appendAscii("<");
        edits.applyTo(buf, 6, buf.length - 2, out);
        assertEquals("<{\"b\":2}", out.toString());
    }

    @Test
    void overlappingEditsAreRefused() {
        byte[] buf = "{\"a\":{\"b\":1},\"c\":2}".getBytes(StandardCharsets.US_ASCII);
        ObjectMembers root = record(buf, 0);
        JsonEdits edits = new JsonEdits();
        edits.remove(root, 0);
        edits.replace(root.valueStart(0), root.valueEnd(0), "null".getBytes(StandardCharsets.US_ASCII));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> apply(edits, buf));
        assertEquals("overlapping JSON edits", e.getMessage());
    }
}
