package dev.streamguard.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDKs the forked clients run on: the one running the build, those named in {@code streamguard.it.jdks}
 * (java homes separated by ','), and any Temurin 25 under /usr/lib/jvm.
 */
final class Jdks {
    /** A JDK: its feature version and home. */
    static final class Jdk {
        final String version;
        final Path home;

        Jdk(String version, Path home) {
            this.version = version;
            this.home = home;
        }

        String java() {
            return home.resolve("bin").resolve("java").toString();
        }

        @Override
        public String toString() {
            return "JDK " + version;
        }
    }

    private static final List<Jdk> ALL = discover();

    private Jdks() {
    }

    static List<Jdk> all() {
        return ALL;
    }

    static Jdk current() {
        return ALL.get(0);
    }

    private static List<Jdk> discover() {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        Path self = Paths.get(System.getProperty("java.home")).toAbsolutePath().normalize();
        found.put(self, new Jdk(String.valueOf(Runtime.version().feature()), self));
        List<Path> candidates = new ArrayList<>();
        for (String h : System.getProperty("streamguard.it.jdks", "").split(",")) {
            if (!h.trim().isEmpty()) {
                candidates.add(Paths.get(h.trim()));
            }
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvms, "temurin-25*")) {
                dirs.forEach(candidates::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Path c : candidates) {
            Path home = c.toAbsolutePath().normalize();
            if (!found.containsKey(home) && Files.isExecutable(home.resolve("bin/java"))) {
                found.put(home, new Jdk(featureVersion(home), home));
            }
        }
        return new ArrayList<>(found.values());
    }

    private static String featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return v.split("[.+-]")[0];
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return home.getFileName().toString();
    }
}
