package dev.streamguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only model of anthropic-java's accumulation: only named events count; a tool_use block's input is
 * the concatenation of its input_json_delta fragments (the start's input is ignored), and a tool_use block
 * without any fragment is an error ({@code Missing input JSON for index N}). As in anthropic-java 3.11: an index
 * started twice is an error, even after its stop; so is a second message_start, and a message_start or
 * message_delta without usage; a thinking block's signature is the start's, replaced by each signature_delta (a
 * signature in a thinking_delta is not read); an error event ends the stream with its message (its raw data when
 * it has no error object).
 */
public final class NaiveAnthropicClient {
    /** One content block. */
    public static final class Block {
        public String type;
        public String name;
        public Object startInput;
        public final StringBuilder text = new StringBuilder();
        public final StringBuilder thinking = new StringBuilder();
        /** The thinking block's signature; null when it has none. */
        public String signature;
        public StringBuilder inputJson;
    }

    public final Map<Integer, Block> blocks = new TreeMap<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> eventNames = new ArrayList<>();
    public String stopReason;
    public boolean stopped;
    /** The message of the error event the stream ended with; null when none. */
    public String error;

    @SuppressWarnings("unchecked")
    public static NaiveAnthropicClient read(String body) {
        NaiveAnthropicClient c = new NaiveAnthropicClient();
        for (SseEvents.Event e : SseEvents.parse(body)) {
            if (e.name == null) {
                continue;
            }
            c.eventNames.add(e.name);
            Map<String, Object> m;
            try {
                m = JsonTree.object(e.data);
            } catch (IllegalArgumentException | ClassCastException ex) {
                c.errors.add("unparseable " + e.name);
                continue;
            }
            Number index = (Number) m.get("index");
            switch (e.name) {
                case "message_start":
                    if (c.eventNames.indexOf("message_start") < c.eventNames.size() - 1) {
                        c.errors.add("'message_start' event already received.");
                    }
                    if (!(m.get("message") instanceof Map) || ((Map<String, Object>) m.get("message")).get("usage") == null) {
                        c.errors.add("`usage` is not set");
                    }
                    break;
                case "content_block_start": {
                    Map<String, Object> cb = (Map<String, Object>) m.get("content_block");
                    Block b = new Block();
                    b.type = (String) cb.get("type");
                    b.name = (String) cb.get("name");
                    b.startInput = cb.get("input");
                    b.signature = (String) cb.get("signature");
                    if (c.blocks.put(index.intValue(), b) != null) {
                        c.errors.add("Content block already started for index " + index + ".");
                    }
                    break;
                }
                case "content_block_delta": {
                    Block b = c.blocks.get(index.intValue());
                    Map<String, Object> d = (Map<String, Object>) m.get("delta");
                    if ("input_json_delta".equals(d.get("type"))) {
                        if (b.inputJson == null) {
                            b.inputJson = new StringBuilder();
                        }
                        b.inputJson.append(d.get("partial_json"));
                    } else if ("text_delta".equals(d.get("type"))) {
                        b.text.append(d.get("text"));
                    } else if ("thinking_delta".equals(d.get("type"))) {
                        b.thinking.append(d.get("thinking"));
                    } else if ("signature_delta".equals(d.get("type"))) {
                        b.signature = (String) d.get("signature");
                    }
                    break;
                }
                case "content_block_stop": {
                    Block b = c.blocks.get(index.intValue());
                    if ("tool_use".equals(b.type) && b.inputJson == null) {
                        c.errors.add("Missing input JSON for index " + index);
                    }
                    break;
                }
                case "message_delta":
                    c.stopReason = (String) ((Map<String, Object>) m.get("delta")).get("stop_reason");
                    if (m.get("usage") == null) {
                        c.errors.add("`usage` is not set");
                    }
                    break;
                case "message_stop":
                    c.stopped = true;
                    break;
                case "error":
                    // anthropic-java shows the raw data of an error event whose shape it cannot read.
                    c.error = m.get("error") instanceof Map ? (String) ((Map<String, Object>) m.get("error")).get("message") : e.data;
                    break;
                default:
            }
        }
        return c;
    }

    public Block block(int index) {
        return blocks.get(index);
    }
}
