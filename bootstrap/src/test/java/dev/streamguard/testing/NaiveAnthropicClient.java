package dev.streamguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only model of anthropic-java's accumulation: only named events count; a tool_use block's input is
 * the concatenation of its input_json_delta fragments (the start's input is ignored), and a tool_use block
 * without any fragment is an error ({@code Missing input JSON for index N}).
 */
public final class NaiveAnthropicClient {
    /** One content block. */
    public static final class Block {
        public String type;
        public String name;
        public Object startInput;
        public final StringBuilder text = new StringBuilder();
        public StringBuilder inputJson;
    }

    public final Map<Integer, Block> blocks = new TreeMap<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> eventNames = new ArrayList<>();
    public String stopReason;
    public boolean stopped;

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
                case "content_block_start": {
                    Map<String, Object> cb = (Map<String, Object>) m.get("content_block");
                    Block b = new Block();
                    b.type = (String) cb.get("type");
                    b.name = (String) cb.get("name");
                    b.startInput = cb.get("input");
                    c.blocks.put(index.intValue(), b);
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
                    break;
                case "message_stop":
                    c.stopped = true;
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
