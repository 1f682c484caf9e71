package dev.streamguard.it;

import dev.streamguard.testing.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream an SDK reads in the tests, and what its application must see with the agent: a fixture of the
 * core's corpus (served by {@link Upstream} at {@code /f/<fixture>/...}), a stream of
 * {@code src/test/resources/sdk-streams} ({@code /s/...}), or a fixture whose connection stays open after
 * its last event ({@link StreamingServer}, {@code /stall/...}), or an Anthropic fixture that sends pings instead of
 * its {@code message_stop} ({@code /pings/...}).
 */
final class SdkStream {
    enum Source { FIXTURE, SDK_STREAM, STALL, PINGS }

    /**
     * How the tables name it: the fixture's name, {@code <provider>/<name>} for an SDK stream, {@code +stall} or
     * {@code +pings} appended for a stall.
     */
    final String name;
    final String provider;
    final Source source;
    /** The reference-shaped stream the application must see with the agent. */
    final String expected;
    /** The exact {@code streamguard:} message the application must get with the agent, or null. */
    final String failure;
    /** The one a reader on a reactive framework gets instead (an Anthropic error event), or null. */
    final String reactiveFailure;

    private SdkStream(String name, String provider, Source source, String expected, String failure, String reactiveFailure) {
        this.name = name;
        this.provider = provider;
        this.source = source;
        this.expected = expected;
        this.failure = failure;
        this.reactiveFailure = reactiveFailure;
    }

    /**
     * Every stream for an SDK of this protocol: the core's fixtures that need no agent configuration, the
     * SDK streams, and the compliant tool-call fixture stalled after its end. {@code anthropic/d17-no-request}
     * is left out: it is {@code d17-lost-input-required} for a client that sends no schema, and every SDK
     * here sends one (the tests check it).
     */
    static List<SdkStream> all(String provider) {
        List<SdkStream> out = new ArrayList<>();
        for (Fixture f : Fixture.all()) {
            if (f.config.isEmpty() && f.name.startsWith(provider + "/") && !f.name.equals("anthropic/d17-no-request")) {
                out.add(new SdkStream(f.name, provider, Source.FIXTURE, f.expected, f.failureMessage, f.reactiveFailureMessage));
            }
        }
        Path dir = Upstream.SDK_STREAMS.resolve(provider);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".sse") && !n.endsWith(".expected.sse"))
                        .sorted()
                        .forEach(n -> {
                            String base = n.substring(0, n.length() - 4);
                            Path expected = dir.resolve(base + ".expected.sse");
                            out.add(new SdkStream(provider + "/" + base, provider, Source.SDK_STREAM,
                                    Upstream.read(Files.exists(expected) ? expected : dir.resolve(n)), null, null));
                        });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        out.add(stall(provider.equals("openai") ? "openai/compliant-tool-call" : "anthropic/compliant-tool-use"));
        if (provider.equals("anthropic")) {
            out.add(pings("anthropic/compliant-tool-use"));
        }
        return out;
    }

    static SdkStream fixture(String name) {
        Fixture f = Fixture.load(name);
        return new SdkStream(f.name, name.substring(0, name.indexOf('/')), Source.FIXTURE, f.expected, f.failureMessage, f.reactiveFailureMessage);
    }

    static SdkStream stall(String fixture) {
        Fixture f = Fixture.load(fixture);
        return new SdkStream(f.name + "+stall", fixture.substring(0, fixture.indexOf('/')), Source.STALL, f.expected, f.failureMessage, f.reactiveFailureMessage);
    }

    /** The same stream, but its message_stop replaced by pings that go on with the connection open (D43). */
    static SdkStream pings(String fixture) {
        Fixture f = Fixture.load(fixture);
        return new SdkStream(f.name + "+pings", "anthropic", Source.PINGS, f.expected, f.failureMessage, f.reactiveFailureMessage);
    }

    /** Whether the upstream holds the connection open after its last event (a stall or pings). */
    boolean heldOpen() {
        return source == Source.STALL || source == Source.PINGS;
    }

    /** The root URL the SDK gets for this stream in one run (tagged); a stall is waited for past the SDKs' 5 s read timeout. */
    String target(Upstream upstream, StreamingServer server, String tag) {
        switch (source) {
            case FIXTURE:
                return upstream.url(false, "/f/" + name + tag);
            case SDK_STREAM:
                return upstream.url(false, "/s/" + name + tag);
            case PINGS:
                return server.pingsRoot(name.substring(0, name.length() - "+pings".length()), tag) + "#wait=10000";
            default:
                return server.stallRoot(name.substring(0, name.length() - "+stall".length()), tag) + "#wait=10000";
        }
    }

    /** The path prefix under which the upstream records this stream's requests in one run; null for a stall. */
    String recordedPrefix(String tag) {
        switch (source) {
            case FIXTURE:
                return "/f/" + name + tag + "/";
            case SDK_STREAM:
                return "/s/" + name + tag + "/";
            default:
                return null;
        }
    }

    ReferenceChat reference() {
        return provider.equals("anthropic") ? ReferenceChat.anthropic(expected) : ReferenceChat.openai(expected);
    }

    @Override
    public String toString() {
        return name;
    }
}
