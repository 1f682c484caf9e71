package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import java.nio.charset.StandardCharsets;

/**
 * D32: misconfigured proxies and relays answer a streaming LLM request with a 200 {@code text/event-stream}
 * whose body holds no events at all: an HTML error page, a JSON error body. openai-java then reports
 * {@code Final chat completion chunk(s) not yet received}, LangChain4j and Spring AI complete with nothing, and
 * LangChain4j's Anthropic model waits forever. When the request was an LLM streaming request, such a body fails
 * with {@code streamguard: the upstream sent no events: } and a short excerpt: its first characters, white space
 * folded, and anything that looks like a key or token left out. Any other event stream passes untouched.
 */
public final class NoEventsRule {
    /** How much of the body's start is kept for the excerpt. */
    static final int KEPT = 512;
    private static final int SHOWN = 160;
    /** A run of token characters this long, with letters and digits, is taken for a secret (a key, a token, an id). */
    private static final int SECRET_RUN = 20;

    private final ByteBuilder start = new ByteBuilder(0);

    /** Keeps the body's first bytes, while no protocol is known. */
    void saw(byte[] b, int off, int len) {
        int n = Math.min(len, KEPT - start.length());
        if (n > 0) {
            start.append(b, off, n);
        }
    }

    StreamGuardException failure(long bytes) {
        return new StreamGuardException(StreamGuardException.Cause.NO_EVENTS, "the upstream sent no events: "
                + (bytes == 0 ? "the body was empty" : bytes + " bytes, starting \"" + excerpt() + "\""));
    }

    /** The body's first characters, white space and controls folded to one space, secret-looking runs left out. */
    String excerpt() {
        String text = new String(start.array(), 0, start.length(), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i <= text.length() && out.length() < SHOWN; i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '+' || c == '/' || c == '=') {
                run.append(c);
                continue;
            }
            out.append(looksSecret(run) ? "[...]" : run);
            run.setLength(0);
            if (i == text.length()) {
                break;
            }
            boolean space = Character.isWhitespace(c) || Character.isISOControl(c);
            if (!space || (out.length() > 0 && out.charAt(out.length() - 1) != ' ')) {
                out.append(space ? ' ' : c);
            }
        }
        String shown = out.toString().trim();
        return shown.length() > SHOWN ? shown.substring(0, SHOWN) + "..." : shown;
    }

    private static boolean looksSecret(CharSequence run) {
        if (run.length() < SECRET_RUN) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < run.length(); i++) {
            letter |= Character.isLetter(run.charAt(i));
            digit |= Character.isDigit(run.charAt(i));
        }
        return letter && digit;
    }
}
