package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFactsTest {
    private static RequestFacts parse(String json) {
        return RequestFacts.parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheModelAndAnthropicToolSchemas() {
        RequestFacts f = parse("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"tools\\\":1}\"}],"
                + "\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"x\":{\"required\":[\"no\"]}},\"required\":[\"x\"]}},"
                + "{\"name\":\"b\",\"input_schema\":{\"type\":\"object\"}},{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}");
        assertEquals("claude", f.model());
        assertEquals(RequestFacts.ToolParameters.REQUIRED, f.parametersOf("a"));
        assertEquals(List.of("x"), f.requiredParametersOf("a"));
        assertEquals(RequestFacts.ToolParameters.NONE_REQUIRED, f.parametersOf("b"));
        assertEquals(RequestFacts.ToolParameters.UNKNOWN, f.parametersOf("web_search"));
        assertEquals(RequestFacts.ToolParameters.UNKNOWN, f.parametersOf("c"));
    }

    @Test
    void readsOpenAiToolSchemas() {
        RequestFacts f = parse("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"w\",\"parameters\":{\"required\":[\"city\"]}}}],\"model\":\"gpt\"}");
        assertEquals(List.of("city"), f.requiredParametersOf("w"));
        assertEquals("gpt", f.model());
    }

    @Test
    void aMissingOrBrokenBodyGivesNoFactsRatherThanAnError() {
        for (String body : new String[] {null, "", "[]", "{\"model\":", "not json", "{\"tools\":{}}"}) {
            RequestFacts f = parse(body);
            assertEquals(RequestFacts.ToolParameters.UNKNOWN, f.parametersOf("a"), String.valueOf(body));
        }
        assertNull(parse("{\"model\":").model());
    }
}
