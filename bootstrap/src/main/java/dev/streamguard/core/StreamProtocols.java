package dev.streamguard.core;

import dev.streamguard.anthropic.AnthropicMessagesProtocol;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.gemini.GeminiProtocol;
import dev.streamguard.openai.OpenAiChatProtocol;
import dev.streamguard.responses.OpenAiResponsesProtocol;

/** The rules of one stream for the protocol it showed, set up from the configuration and what the request said. */
final class StreamProtocols {
    private StreamProtocols() {
    }

    /** The stream's protocol; every one shares the stream's counts, its tool-argument budget and its learned shapes. */
    static StreamProtocol create(Protocol detected, GuardConfig config, StreamContext context, StreamStats stats,
            ToolArgumentFlow arguments, EventTemplates templates) {
        switch (detected) {
            case OPENAI_CHAT:
                return new OpenAiChatProtocol(stats, arguments, templates, toolCallMarkup(config, context, stats));
            case ANTHROPIC_MESSAGES:
                return new AnthropicMessagesProtocol(stats, context, arguments, templates,
                        toolCallMarkup(config, context, stats), config.anthropicErrorEvent().fails(context::reactiveReader));
            case GEMINI:
                return new GeminiProtocol(stats, arguments, templates, config.failOnGeminiFinishReason(),
                        context.requestFacts().candidateCount());
            case OPENAI_RESPONSES:
                return new OpenAiResponsesProtocol(stats, arguments, templates, toolCallMarkup(config, context, stats),
                        config.maxEventBytes());
            default:
                throw new IllegalArgumentException(detected.name());
        }
    }

    private static ToolCallMarkupRule toolCallMarkup(GuardConfig config, StreamContext context, StreamStats stats) {
        return new ToolCallMarkupRule(context.requestFacts().declaresTools(), config.failOnToolCallMarkup(), stats);
    }
}
