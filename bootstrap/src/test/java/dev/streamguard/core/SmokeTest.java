package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void compliantOpenAi() {
        String body = """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;
        GuardRun r = GuardRun.enforce(body);
        assertNull(r.failure);
        assertEquals(body, r.text());
        System.out.println(r.report);
    }

    @Test
    void liteLlm() {
        String body = """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"total_tokens":3}}

            """;
        GuardRun r = GuardRun.enforce(body);
        System.out.println(r.text());
        System.out.println(r.report);
        assertNull(r.failure);
    }

    @Test
    void anthropicLostInput() {
        String body = """
            data: {"type":"message_start","message":{"id":"m","content":[]}}

            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}}

            data: {"type":"content_block_stop","index":0}

            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t2","name":"now","input":{}}}

            data: {"type":"content_block_stop","index":1}

            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"}}

            """;
        GuardRun r = GuardRun.enforce(body);
        System.out.println(r.text());
        System.out.println(r.report);
        assertNull(r.failure);
    }
}
