package dev.streamguard.examples.demo;

import java.util.List;
import java.util.Map;

/** The tools the application declares in its request, and checks tool calls against before running them. */
enum Tools {
    NONE(null, List.of(), "Describe the weather in Paris in one sentence."),
    WEATHER("get_weather", List.of("city"), "What is the weather in Paris?"),
    WRITE_FILE("write_file", List.of("path", "content"), "Write my notes to notes.txt.");

    final String name;
    final List<String> required;
    final String prompt;

    Tools(String name, List<String> required, String prompt) {
        this.name = name;
        this.required = required;
        this.prompt = prompt;
    }

    private String schema() {
        StringBuilder props = new StringBuilder();
        StringBuilder req = new StringBuilder();
        for (String p : required) {
            props.append(props.length() == 0 ? "" : ",").append('"').append(p).append("\":{\"type\":\"string\"}");
            req.append(req.length() == 0 ? "" : ",").append('"').append(p).append('"');
        }
        return "{\"type\":\"object\",\"properties\":{" + props + "},\"required\":[" + req + "]}";
    }

    String openAiJson() {
        return "{\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"parameters\":" + schema() + "}}";
    }

    String anthropicJson() {
        return "{\"name\":\"" + name + "\",\"input_schema\":" + schema() + "}";
    }

    /** What stops the application from running this call, or null when it can run it. */
    String rejection(String toolName, Object arguments) {
        if (this == NONE || !name.equals(toolName)) {
            return "unknown tool";
        }
        if (!(arguments instanceof Map)) {
            return "arguments are not a JSON object";
        }
        Map<String, Object> args = Json.object(arguments);
        for (String p : required) {
            if (!(args.get(p) instanceof String)) {
                return "required parameter " + p + " is missing";
            }
        }
        return null;
    }
}
