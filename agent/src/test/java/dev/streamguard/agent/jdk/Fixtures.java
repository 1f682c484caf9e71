package dev.streamguard.agent.jdk;

import dev.streamguard.StreamGuardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The guard core's stream fixtures ({@code bootstrap/src/test/resources/fixtures}): {@code NAME.sse} is the body,
 * {@code NAME.expected.sse} what the application must read (absent: the body itself), {@code NAME.failure} the
 * cause and exact message of the failure, {@code NAME.config} an agent argument, {@code NAME.request.json} the
 * request.
 */
final class Fixtures {
    static final Path ROOT = root();

    final String name;
    final String input;
    final String expected;
    final String config;
    final String request;
    final StreamGuardException.Cause failureCause;
    final String failureMessage;

    private Fixtures(String name) {
        this.name = name;
        this.input = read(name + ".sse");
        String exp = read(name + ".expected.sse");
        this.expected = exp == null ? input : exp;
        String cfg = read(name + ".config");
        this.config = cfg == null ? "" : cfg.trim();
        this.request = read(name + ".request.json");
        String failure = read(name + ".failure");
        if (failure == null) {
            failureCause = null;
            failureMessage = null;
        } else {
            String[] lines = failure.split("\n", 2);
            failureCause = StreamGuardException.Cause.valueOf(lines[0].trim());
            failureMessage = lines[1].trim();
        }
    }

    static Fixtures load(String name) {
        if (!Files.exists(ROOT.resolve(name + ".sse"))) {
            throw new IllegalArgumentException("no fixture " + name + " under " + ROOT.toAbsolutePath());
        }
        return new Fixtures(name);
    }

    static List<Fixtures> all() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Fixtures> all = files.map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".sse") && !n.endsWith(".expected.sse"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .map(Fixtures::new)
                    .collect(Collectors.toList());
            if (all.size() < 20) {
                throw new IllegalStateException("expected the core's fixtures under " + ROOT.toAbsolutePath() + ", found " + all);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] inputBytes() {
        return input.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(String name) {
        Path p = ROOT.resolve(name);
        if (!Files.exists(p)) {
            return null;
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        String basedir = System.getProperty("basedir");
        Path module = basedir == null ? Path.of("").toAbsolutePath() : Path.of(basedir);
        for (Path p : List.of(module.resolve("../bootstrap/src/test/resources/fixtures"),
                module.resolve("bootstrap/src/test/resources/fixtures"))) {
            if (Files.isDirectory(p)) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("cannot find bootstrap/src/test/resources/fixtures from " + module);
    }

    /**
     * The body as the JDK HttpClient might deliver it: lists of 1 to 3 read-only buffers, each 1 to
     * {@code maxChunk} bytes, some of them direct.
     */
    static List<List<ByteBuffer>> items(byte[] body, int maxChunk, long seed) {
        Random random = new Random(seed);
        List<List<ByteBuffer>> items = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            int buffers = 1 + random.nextInt(3);
            List<ByteBuffer> item = new ArrayList<>();
            for (int i = 0; i < buffers && at < body.length; i++) {
                int n = Math.min(body.length - at, 1 + random.nextInt(maxChunk));
                ByteBuffer b;
                if (random.nextInt(4) == 0) {
                    b = ByteBuffer.allocateDirect(n);
                    b.put(body, at, n).flip();
                } else {
                    b = ByteBuffer.wrap(Arrays.copyOfRange(body, at, at + n));
                }
                item.add(b.asReadOnlyBuffer());
                at += n;
            }
            items.add(List.copyOf(item));
        }
        return items;
    }

    /** One item holding one read-only buffer with these bytes. */
    static List<ByteBuffer> item(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
    }

    static String text(List<ByteBuffer> item) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuffer b : item) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            sb.append(new String(a, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
