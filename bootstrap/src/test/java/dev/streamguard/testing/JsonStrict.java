package dev.streamguard.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Jackson as a strict JSON oracle for the fuzzer: exactly one value, every string decoded (so invalid UTF-8
 * is an error), duplicate keys an error, and no limit on nesting or number length (a deep or long value is
 * JSON all the same). Also a small tree that keeps member order and duplicate keys, and writes itself
 * back, for the mutator's JSON edits.
 */
public final class JsonStrict {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonStrict() {
    }

    /** Whether {@code b[from, to)} is exactly one JSON value with no duplicate key. */
    public static boolean isOneValue(byte[] b, int from, int to) {
        try (JsonParser p = FACTORY.createParser(b, from, to - from)) {
            int depth = 0;
            int roots = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (depth == 0) {
                    roots++;
                }
                switch (t) {
                    case START_OBJECT:
                    case START_ARRAY:
                        depth++;
                        break;
                    case END_OBJECT:
                    case END_ARRAY:
                        depth--;
                        break;
                    case VALUE_STRING:
                        p.getText();
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        p.getText();
                        break;
                    default:
                        break;
                }
            }
            return roots == 1 && depth == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static boolean isOneValue(byte[] b) {
        return isOneValue(b, 0, b.length);
    }

    // ---------------------------------------------------------------- a tree for edits

    /** An object: members in order, duplicates allowed. */
    public static final class Obj {
        public final List<String> keys = new ArrayList<>();
        public final List<Object> values = new ArrayList<>();
    }

    /** An array. */
    public static final class Arr {
        public final List<Object> items = new ArrayList<>();
    }

    /** A number as written. */
    public static final class Num {
        public final String text;

        public Num(String text) {
            this.text = text;
        }
    }

    /** Text written as it is (deep nesting, a huge number, anything). */
    public static final class Raw {
        public final String text;

        public Raw(String text) {
            this.text = text;
        }
    }

    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The tree of a text that is one JSON value, or null when it is not (or nests deeper than 200). */
    public static Object tree(byte[] b, int from, int to) {
        try (JsonParser p = FACTORY.createParser(b, from, to - from)) {
            if (p.nextToken() == null) {
                return null;
            }
            Object v = read(p, 0);
            return v == null || p.nextToken() != null ? null : v;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object read(JsonParser p, int depth) throws IOException {
        if (depth > 200) {
            return null;
        }
        switch (p.currentToken()) {
            case START_OBJECT: {
                Obj o = new Obj();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    Object v = read(p, depth + 1);
                    if (v == null) {
                        return null;
                    }
                    o.keys.add(key);
                    o.values.add(v);
                }
                return o;
            }
            case START_ARRAY: {
                Arr a = new Arr();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Object v = read(p, depth + 1);
                    if (v == null) {
                        return null;
                    }
                    a.items.add(v);
                }
                return a;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                return null;
        }
    }

    /** Writes a tree compactly (strings as UTF-8 text with the required escapes). */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v instanceof Obj) {
            Obj o = (Obj) v;
            sb.append('{');
            for (int i = 0; i < o.keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(o.keys.get(i), sb);
                sb.append(':');
                write(o.values.get(i), sb);
            }
            sb.append('}');
        } else if (v instanceof Arr) {
            sb.append('[');
            List<Object> items = ((Arr) v).items;
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(items.get(i), sb);
            }
            sb.append(']');
        } else if (v instanceof String) {
            string((String) v, sb);
        } else if (v instanceof Num) {
            sb.append(((Num) v).text);
        } else if (v instanceof Raw) {
            sb.append(((Raw) v).text);
        } else {
            sb.append(v);
        }
    }

    public static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
