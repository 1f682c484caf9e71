package dev.streamguard.config;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What the guard does with an Anthropic {@code error} event (overloaded, rate limited) that arrives mid-stream.
 * The SDKs that read the body from an InputStream (anthropic-java, LangChain4j, Spring AI 2) raise it as their
 * own typed error, which their applications catch; Spring AI 1.x, which reads through Spring's WebClient
 * (Reactor Netty, or the JDK HttpClient's body publisher), drops it and completes with a partial answer.
 */
public enum ErrorEventHandling {
    /** Fail where the body goes on to a reactive framework (Reactor Netty, the JDK HttpClient's body publisher); pass elsewhere. */
    AUTO,
    /** Always fail the stream with the event's message. */
    FAIL,
    /** Always let it pass: the application's SDK must raise it. */
    PASS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the guard fails the stream itself; {@code reactiveReader} is asked for {@link #AUTO} only. */
    public boolean fails(BooleanSupplier reactiveReader) {
        return this == FAIL || (this == AUTO && reactiveReader.getAsBoolean());
    }

    /** Parses {@code auto}, {@code fail} or {@code pass} (any case); null when it is none of them. */
    public static ErrorEventHandling parse(String text) {
        for (ErrorEventHandling h : values()) {
            if (h.configName().equalsIgnoreCase(text.trim())) {
                return h;
            }
        }
        return null;
    }
}
