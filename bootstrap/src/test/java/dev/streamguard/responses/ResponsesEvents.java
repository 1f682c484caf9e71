package dev.streamguard.responses;

import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;

/** Responses events written out by hand, for bodies the tests build beside the fixtures. */
final class ResponsesEvents {
    static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1764633600,\"status\":\"in_progress\","
            + "\"model\":\"gpt-4o\",\"output\":[]}";
    static final String CREATED = named("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":" + RESPONSE + "}");

    private ResponsesEvents() {
    }

    static String named(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** A function call item; {@code arguments} is JSON string content (quotes escaped). */
    static String call(String id, String status, String arguments) {
        return "{\"id\":\"" + id + "\",\"type\":\"function_call\",\"status\":\"" + status + "\",\"arguments\":\"" + arguments
                + "\",\"call_id\":\"call_" + id + "\",\"name\":\"get_weather\"}";
    }

    static String added(int seq, int index, String item) {
        return named("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":" + seq
                + ",\"output_index\":" + index + ",\"item\":" + item + "}");
    }

    static String delta(int seq, String itemId, int index, String fragment) {
        return named("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":"
                + seq + ",\"item_id\":\"" + itemId + "\",\"output_index\":" + index + ",\"delta\":\"" + fragment + "\"}");
    }

    static String argumentsDone(int seq, String itemId, int index, String arguments) {
        return named("response.function_call_arguments.done", "{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":"
                + seq + ",\"item_id\":\"" + itemId + "\",\"output_index\":" + index + ",\"arguments\":\"" + arguments + "\"}");
    }

    /** A message item with no content. */
    static String message(String id, String status) {
        return "{\"id\":\"" + id + "\",\"type\":\"message\",\"status\":\"" + status + "\",\"role\":\"assistant\",\"content\":[]}";
    }

    static String itemDone(int seq, int index, String item) {
        return named("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":" + seq
                + ",\"output_index\":" + index + ",\"item\":" + item + "}");
    }

    static String completed(int seq, String output) {
        return named("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + seq + ",\"response\":"
                + RESPONSE.replace("in_progress", "completed").replace("\"output\":[]", "\"output\":" + output) + "}");
    }

    /** Through the pull adapter, whole, for a request to {@code url} (the guard looks at its path). */
    static GuardRun atUrl(String url, String body) {
        return GuardRun.pull(body, GuardRun.config(""), null, Chunking.whole(), url);
    }
}
