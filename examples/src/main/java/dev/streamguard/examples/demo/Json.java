package dev.streamguard.examples.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client application's JSON: values as {@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean} or {@code null}, read with Jackson's streaming parser. Like most tool executors (and unlike
 * a lenient {@code ObjectMapper.readValue}), {@link #parse} takes exactly one JSON value: anything after it is
 * an error, so {@code {"a":1}{"a":1}} is refused. Invalid JSON is an unchecked {@link Invalid}: the client must not
 * mistake it for an {@code IOException} of the stream.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Parses one complete JSON value; trailing content is an error. */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Invalid("no JSON value (empty text)");
            }
            Object value = read(p, first);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new Invalid("a second value starts at character " + p.currentTokenLocation().getCharOffset());
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid(e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    static String string(Object value) {
        return value instanceof String ? (String) value : null;
    }

    /** Compact JSON text of a value read by {@link #parse}. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        return write(s);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new Invalid("unexpected " + next + " in an object");
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new Invalid("unexpected end of input in an array");
                    }
                    list.add(read(p, next));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new Invalid("unexpected " + t);
        }
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : object(value).entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List) {
            g.writeStartArray();
            for (Object o : array(value)) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Number) {
            g.writeNumber(value.toString());
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    /** Text that is not exactly one JSON value. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }
}
