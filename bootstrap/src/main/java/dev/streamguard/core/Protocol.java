package dev.streamguard.core;

/** The streaming protocol recognised from the first JSON event that shows one. */
public enum Protocol {
    OPENAI_CHAT,
    ANTHROPIC_MESSAGES,
    OPENAI_RESPONSES,
    GEMINI,
    /** Not an LLM stream the guard knows (or no JSON event at all): passed through untouched. */
    UNKNOWN
}
