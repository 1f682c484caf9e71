package dev.streamguard.testing;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.Deviation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stream fixture under {@code src/test/resources/fixtures}: {@code NAME.sse} (the body the upstream
 * sends) and, optionally, {@code NAME.expected.sse} (what the client must read; absent: the body itself),
 * {@code NAME.request.json} (the request the client sent), {@code NAME.config} (an agent argument),
 * {@code NAME.failure} (the failure cause on the first line, the exact message on the second),
 * {@code NAME.reactive.failure} (the same, for an error event that a reader on a reactive framework gets as
 * the guard's failure by default, setting {@code anthropic.error-event=auto}) and
 * {@code NAME.deviations} (what the report must count: one {@code D<n>=<count>} per line; empty for none).
 * Every part is written by hand, from the shapes of the design: none is what the guard printed.
 */
public final class Fixture {
    private static final Path ROOT = root();

    /** The request body file, for clients that send it; null when the fixture has none. */
    public Path requestFile() {
        Path p = ROOT.resolve(name + ".request.json");
        return Files.exists(p) ? p : null;
    }

    public final String name;
    public final String input;
    public final String expected;
    public final String request;
    public final String config;
    public final StreamGuardException.Cause failureCause;
    public final String failureMessage;
    /** The failure a reactive reader gets instead of the error event that ends the stream; null: none. */
    public final StreamGuardException.Cause reactiveFailureCause;
    public final String reactiveFailureMessage;
    /** What the report counts for the fixture, in its own configuration. */
    public final Map<Deviation, Integer> deviations;

    private Fixture(String name) {
        this.name = name;
        this.input = read(name + ".sse");
        String exp = read(name + ".expected.sse");
        this.expected = exp == null ? input : exp;
        this.request = read(name + ".request.json");
        String cfg = read(name + ".config");
        this.config = cfg == null ? "" : cfg.trim();
        this.deviations = deviations(read(name + ".deviations"), name);
        String[] failure = failure(name + ".failure");
        failureCause = failure == null ? null : StreamGuardException.Cause.valueOf(failure[0]);
        failureMessage = failure == null ? null : failure[1];
        String[] reactive = failure(name + ".reactive.failure");
        reactiveFailureCause = reactive == null ? null : StreamGuardException.Cause.valueOf(reactive[0]);
        reactiveFailureMessage = reactive == null ? null : reactive[1];
    }

    /** The cause and the message of a failure file; null when there is none. */
    private static String[] failure(String file) {
        String text = read(file);
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\n", 2);
        return new String[] {lines[0].trim(), lines[1].trim()};
    }

    /**
     * What a reactive reader gets before {@link #reactiveFailureMessage}: the expected stream without its last
     * event, the error (with any comment line before its name).
     */
    public String expectedBeforeReactiveFailure() {
        int lastEvent = expected.lastIndexOf("\n\n", expected.lastIndexOf("event: error\n"));
        return lastEvent < 0 ? "" : expected.substring(0, lastEvent + 2);
    }

    private static Map<Deviation, Integer> deviations(String text, String name) {
        if (text == null) {
            throw new IllegalStateException("fixture " + name + " has no .deviations file");
        }
        Map<Deviation, Integer> out = new EnumMap<>(Deviation.class);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                String[] kv = line.trim().split("=");
                out.put(Deviation.valueOf(kv[0]), Integer.parseInt(kv[1]));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public static Fixture load(String name) {
        if (!Files.exists(ROOT.resolve(name + ".sse"))) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return new Fixture(name);
    }

    /** Every fixture, e.g. {@code openai/d01-repeated-type}. */
    public static List<Fixture> all() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".sse") && !n.endsWith(".expected.sse"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .map(Fixture::new)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GuardConfig guardConfig() {
        return GuardRun.config(config);
    }

    public GuardConfig guardConfig(String mode) {
        return GuardRun.config(config.isEmpty() ? "mode=" + mode : config + ",mode=" + mode);
    }

    public GuardRun run() {
        return GuardRun.pull(input, guardConfig(), request, Chunking.whole());
    }

    public GuardRun run(GuardRun.Adapter adapter, Chunking chunking) {
        return GuardRun.run(adapter, input, guardConfig(), request, chunking);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(String relative) {
        Path p = ROOT.resolve(relative);
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixtures directory: {@code streamguard.fixtures} when set (a test jar has no directory), else the classpath's. */
    public static Path root() {
        String configured = System.getProperty("streamguard.fixtures");
        if (configured != null && !configured.isEmpty()) {
            return Paths.get(configured);
        }
        try {
            return Paths.get(Fixture.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
