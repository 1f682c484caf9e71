package dev.streamguard.it;

import dev.streamguard.it.probe.ProbeAgent;
import dev.streamguard.it.probe.ProbeHooks;
import dev.streamguard.it.probe.ReportAdvice;
import dev.streamguard.it.probe.ScanAdvice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds the test-only probe agent at test time, from this module's test classes: {@code probe-agent.jar}
 * (the agent and its advice, Byte Buddy beside it through {@code Class-Path}) and {@code probe-boot.jar}
 * (the hooks the advice calls, on the boot class path through {@code Boot-Class-Path}, next to the core).
 */
final class ProbeAgentJar {
    private static Path agent;

    private ProbeAgentJar() {
    }

    /** The probe agent jar (built once per test JVM). */
    static synchronized Path get() throws Exception {
        if (agent == null) {
            Path dir = Files.createTempDirectory("streamguard-probe");
            dir.toFile().deleteOnExit();
            Path byteBuddy = Paths.get(net.bytebuddy.ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(byteBuddy, dir.resolve("byte-buddy.jar"));
            Manifest boot = manifest();
            write(dir.resolve("probe-boot.jar"), boot, ProbeHooks.class);
            Manifest m = manifest();
            m.getMainAttributes().putValue("Premain-Class", ProbeAgent.class.getName());
            m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
            m.getMainAttributes().putValue("Boot-Class-Path", "probe-boot.jar");
            m.getMainAttributes().putValue("Class-Path", "byte-buddy.jar");
            write(dir.resolve("probe-agent.jar"), m, ProbeAgent.class, ScanAdvice.class, ReportAdvice.class);
            for (String f : new String[] {"byte-buddy.jar", "probe-boot.jar", "probe-agent.jar"}) {
                dir.resolve(f).toFile().deleteOnExit();
            }
            agent = dir.resolve("probe-agent.jar");
        }
        return agent;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    private static void write(Path jar, Manifest manifest, Class<?>... classes) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> c : classes) {
                String prefix = c.getName().replace('.', '/');
                Path dir = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().getPath())
                        .resolve(prefix).getParent();
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        String name = p.getFileName().toString();
                        String simple = c.getSimpleName();
                        if (name.equals(simple + ".class") || name.startsWith(simple + "$")) {
                            out.putNextEntry(new JarEntry(prefix.substring(0, prefix.lastIndexOf('/') + 1) + name));
                            try (InputStream in = Files.newInputStream(p)) {
                                in.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
        }
    }
}
