package dev.streamguard.examples.demo;

/**
 * What the loopback upstream does wrong, the request the application sends for it, and what the application
 * must see when StreamGuard is in front of it. The runaway stream comes last: without the agent it may leave
 * the client JVM short of memory, and nothing should run after that.
 */
enum Scenario {
    LITELLM("LiteLLM proxy: role, id, type and name on every delta, arguments resent",
            "D1 D2 D3 D4 D10 D11 D23", Protocol.OPENAI, Tools.WEATHER) {
        @Override
        String check(Outcome withAgent) {
            return withAgent.isCall("get_weather {\"city\":\"Paris\"} (id=call_1, finish_reason=tool_calls)");
        }
    },
    ANTHROPIC_INPUT_IN_START("Relay sends tool_use input in content_block_start",
            "D16", Protocol.ANTHROPIC, Tools.WEATHER) {
        @Override
        String check(Outcome withAgent) {
            return withAgent.isCall("get_weather {\"city\":\"Paris\"} (id=toolu_1, stop_reason=tool_use)");
        }
    },
    ANTHROPIC_INPUT_LOST("LiteLLM /v1/messages loses tool_use input (schema requires city)",
            "D17", Protocol.ANTHROPIC, Tools.WEATHER) {
        @Override
        String check(Outcome withAgent) {
            return withAgent.isFailure("streamguard: tool_use block 0 (get_weather) arrived with no input although "
                    + "the request's schema requires [city]");
        }
    },
    TRUNCATED("Proxy cuts the stream (clean end, no finish, no [DONE])",
            "D15", Protocol.OPENAI, Tools.NONE) {
        @Override
        String check(Outcome withAgent) {
            return withAgent.isFailure("streamguard: stream truncated: the body ended after 3 events");
        }
    },
    RUNAWAY("Model streams tool arguments without end (up to "
            + Upstream.RUNAWAY_LIMIT_MIB + " MiB)", "D20", Protocol.OPENAI, Tools.WRITE_FILE) {
        @Override
        String check(Outcome withAgent) {
            return withAgent.isFailure("streamguard: tool call 0 (write_file) arguments exceeded 4MiB "
                    + "(streamguard.tool-args.max-bytes)");
        }
    };

    enum Protocol {
        OPENAI("/v1/chat/completions"),
        ANTHROPIC("/v1/messages");

        final String path;

        Protocol(String path) {
            this.path = path;
        }
    }

    final String title;
    final String deviations;
    final Protocol protocol;
    final Tools tools;

    Scenario(String title, String deviations, Protocol protocol, Tools tools) {
        this.title = title;
        this.deviations = deviations;
        this.protocol = protocol;
        this.tools = tools;
    }

    /** Null when what the application saw with the agent is right; otherwise what is wrong with it. */
    abstract String check(Outcome withAgent);

    /** The upstream path of this scenario, e.g. {@code /litellm/v1/chat/completions}. */
    String path() {
        return "/" + slug() + protocol.path;
    }

    String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The request body the application sends: a streaming request that declares the scenario's tools. */
    String requestJson() {
        StringBuilder sb = new StringBuilder("{\"model\":\"")
                .append(protocol == Protocol.OPENAI ? "gpt-4o" : "claude-sonnet-4-5").append("\",\"stream\":true,");
        if (protocol == Protocol.ANTHROPIC) {
            sb.append("\"max_tokens\":1024,");
        }
        if (tools != Tools.NONE) {
            sb.append("\"tools\":[").append(protocol == Protocol.OPENAI ? tools.openAiJson() : tools.anthropicJson()).append("],");
        }
        return sb.append("\"messages\":[{\"role\":\"user\",\"content\":\"").append(tools.prompt).append("\"}]}").toString();
    }
}
