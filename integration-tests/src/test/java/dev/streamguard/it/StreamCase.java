package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.SseEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stream a forked client reads, and what the application must see of it: the bytes a streaming reader
 * gets (up to a failure), and the failure's message. The fixture corpus of the core (every deviation, in
 * the shapes of docs/DESIGN.md) plus a JSON response, a non-LLM event stream and an argument flood.
 */
final class StreamCase {
    /** How an application consumes a body, which decides what it sees of a failure. */
    enum Reader {
        /** Reads bytes as they come (InputStream, Flow subscriber): the bytes before a failure, then the failure. */
        STREAMING,
        /**
         * Reads bytes as they come through a buffer that a failure empties (httpcore5-reactive's publisher, which
         * signals an error at once): all bytes; or, on a failure, some of the bytes before it, then the failure.
         */
        BUFFERED,
        /** Gets the body only when it is complete (ofString, ofByteArray): nothing, or the failure. */
        WHOLE,
        /** Reads lines. */
        LINES,
        /** An SSE listener: events, then closed or failed. */
        EVENTS,
        /** Only the data of each event, then closed or failed (Spring's {@code bodyToFlux(String)} on an event stream). */
        DATA
    }

    final String label;
    final String url;
    final Path requestFile;
    final byte[] expected;
    final String failure;
    final boolean eventStream;

    private StreamCase(String label, String url, Path requestFile, byte[] expected, String failure, boolean eventStream) {
        this.label = label;
        this.url = url;
        this.requestFile = requestFile;
        this.expected = expected;
        this.failure = failure;
        this.eventStream = eventStream;
    }

    /**
     * Lines ended by CR alone: legal SSE, passed through unchanged (D22), but okhttp-sse blocks on them
     * whether or not the guard is there, so an SSE listener cannot be asked to read them.
     */
    boolean hasCrOnlyLines() {
        String text = new String(expected, StandardCharsets.UTF_8);
        return text.indexOf('\r') >= 0 && text.indexOf('\n') < 0;
    }

    /** The command-line argument for the client: {@code url} or {@code url::request.json}. */
    String argument() {
        return requestFile == null ? url : url + "::" + requestFile;
    }

    /**
     * Every case on one upstream. {@code guarded}: what the application sees with the agent; otherwise what
     * the upstream sent. {@code reactiveReader}: the body goes on to a reactive framework (Reactor Netty, the
     * JDK HttpClient's {@code ofPublisher}), where an Anthropic error event fails the stream by default.
     * Fixtures that need their own configuration are covered by the core's tests.
     */
    static List<StreamCase> all(Upstream upstream, boolean tls, boolean guarded, boolean reactiveReader) {
        List<StreamCase> cases = new ArrayList<>();
        List<String> transfers = tls ? List.of("fixed") : List.of("fixed", "chunked");
        for (Fixture f : Fixture.all()) {
            if (!f.config.isEmpty()) {
                continue;
            }
            for (String transfer : transfers) {
                String url = upstream.url(tls, "/f/" + f.name + "?transfer=" + transfer);
                boolean errorFails = guarded && reactiveReader && f.reactiveFailureMessage != null;
                String expected = !guarded ? f.input : errorFails ? f.expectedBeforeReactiveFailure() : f.expected;
                String failure = !guarded ? null : errorFails ? f.reactiveFailureMessage : f.failureMessage;
                cases.add(new StreamCase(f.name + " " + transfer, url, f.requestFile(), bytes(expected), failure, true));
            }
        }
        cases.add(new StreamCase("json", upstream.url(tls, "/json"), null, bytes(Upstream.JSON_BODY), null, false));
        cases.add(new StreamCase("plain-sse", upstream.url(tls, "/plain-sse?transfer=" + transfers.get(transfers.size() - 1)), null,
                bytes(Upstream.PLAIN_SSE), null, true));
        cases.add(new StreamCase("flood", upstream.url(tls, "/flood"), null,
                guarded ? Flood.beforeFailure() : Flood.body(), guarded ? Flood.FAILURE : null, true));
        return cases;
    }

    /**
     * A compliant fixture whose connection the upstream holds open after its terminal event (D42): read as the
     * fixture is, and ended at once.
     */
    static StreamCase heldOpen(StreamingServer server, String fixture, String tag) {
        Fixture f = Fixture.load(fixture);
        return new StreamCase(fixture + " held open", server.stallRoot(fixture, tag) + "/v1/stream", null, bytes(f.expected), null, true);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code seen} read a beginning of the expected bytes: its bytes, printed inline, are a prefix of
     * them; a read of more than 64 KiB, printed as its digest and length, is the digest of their prefix of that
     * length.
     */
    private boolean readBeforeTheFailure(ClientResult seen) {
        if (seen.read.startsWith("sha256:")) {
            String[] digestAndLength = seen.read.substring("sha256:".length()).split(" ");
            int length = Integer.parseInt(digestAndLength[1]);
            return length <= expected.length && ClientResult.sha256(Arrays.copyOf(expected, length)).equals(digestAndLength[0]);
        }
        return seen.bytes.length <= expected.length && Arrays.equals(seen.bytes, Arrays.copyOf(expected, seen.bytes.length));
    }

    /** Checks what the application saw against what it must see, for the way it reads. */
    void check(Reader reader, ClientResult seen) {
        String where = label + " (" + reader + ")";
        switch (reader) {
            case STREAMING:
                assertEquals(ClientResult.readForm(expected), seen.read, where + ": bytes read");
                break;
            case WHOLE:
                assertEquals(failure == null ? ClientResult.readForm(expected) : "", seen.read, where + ": body");
                break;
            case BUFFERED:
                if (failure == null) {
                    assertEquals(ClientResult.readForm(expected), seen.read, where + ": bytes read");
                } else {
                    assertTrue(readBeforeTheFailure(seen), where + ": not a beginning of the bytes before the failure: " + seen.read);
                }
                break;
            case LINES:
                assertEquals(ClientResult.readForm(lines(expected)), seen.read, where + ": lines read");
                break;
            case EVENTS:
            case DATA:
                List<String> events = SseEvents.parse(new String(expected, StandardCharsets.UTF_8)).stream()
                        .map(e -> ClientResult.eventForm(reader == Reader.DATA ? null : e.name, e.data)).collect(Collectors.toList());
                assertEquals(events, seen.events, where + ": events");
                break;
            default:
                throw new AssertionError(reader);
        }
        if (failure == null) {
            assertNull(seen.errorMessage, where + ": no failure expected, got " + seen.errorClass);
        } else {
            assertEquals(failure, seen.errorMessage, where + ": failure");
            assertTrue(seen.errorClass.equals("dev.streamguard.StreamGuardException") || seen.errorClass.equals("java.io.IOException"),
                    where + ": failure type " + seen.errorClass);
        }
    }

    /** The text as a line reader returns it: every line (CR, LF or CRLF ended) followed by LF. */
    static byte[] lines(byte[] text) {
        String[] parts = new String(text, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i == parts.length - 1 && parts[i].isEmpty()) {
                break;
            }
            sb.append(parts[i]).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return label;
    }
}
