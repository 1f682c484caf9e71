package dev.streamguard.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson (jackson-core, streaming only) as the test oracle for JSON: whether a text is exactly one JSON
 * value, and a plain tree of it (LinkedHashMap for objects, keeping member order,
 * ArrayList, String, BigDecimal, Boolean, and {@link #NULL}).
 */
public final class JacksonOracle {
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonOracle() {
    }

    /** What Jackson makes of a text. */
    public enum Reading { EMPTY, ONE_VALUE, SEVERAL_VALUES, ERROR }

    /** Reads every token of the text, decoding every string, and says how many root values it holds. */
    public static Reading read(byte[] text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Reading.EMPTY;
            }
            readValue(p);
            return p.nextToken() == null ? Reading.ONE_VALUE : Reading.SEVERAL_VALUES;
        } catch (IOException e) {
            return Reading.ERROR;
        }
    }

    /** Jackson's message when it cannot read the text as JSON values; null when it can. */
    public static String error(byte[] text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.VALUE_STRING || p.currentToken() == JsonToken.FIELD_NAME) {
                    p.getText();
                }
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    public static boolean isOneValue(byte[] text) {
        return read(text) == Reading.ONE_VALUE;
    }

    /** The tree of a text that must be exactly one JSON value. */
    public static Object tree(byte[] text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("no JSON value in " + SseReference.show(text));
            }
            Object v = readValue(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value in " + SseReference.show(text));
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + SseReference.show(text), e);
        }
    }

    public static Object tree(String text) {
        return tree(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the value whose first token is current. */
    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    Object v = readValue(p);
                    m.put(key, v); // a duplicate key is legal JSON; the last one wins, as in most readers
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    /** A member of an object tree, or fails. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object tree) {
        if (!(tree instanceof Map)) {
            throw new AssertionError("not an object: " + tree);
        }
        return (Map<String, Object>) tree;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object tree) {
        if (!(tree instanceof List)) {
            throw new AssertionError("not an array: " + tree);
        }
        return (List<Object>) tree;
    }
}
