package dev.streamguard.agent;

import dev.streamguard.runtime.StreamGuardRuntime;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The entry point for {@code -javaagent} and for an attach. The agent jar's top level holds only what may
 * live on the boot class path: the guard core, this class and the command line. The manifest's
 * {@code Boot-Class-Path} puts the jar there as the JVM starts, which keeps class-data sharing on and prints
 * nothing. The instrumentation (Byte Buddy, the advice, the JDK HttpClient wrappers) is a nested jar in its
 * own class loader, whose parent is the platform loader: it sees the core and java.net.http, and neither
 * the boot loader nor the application sees it. Nothing here may stop the host JVM from starting.
 */
public final class StreamGuardAgent {
    static final String INTERNALS = "/META-INF/streamguard/agent-internals.jar";
    static final String STARTUP = "dev.streamguard.agent.install.AgentStartup";

    private StreamGuardAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attached) {
        try {
            if (!coreIsOnBootClassPath()) {
                // The jar was renamed, so Boot-Class-Path missed it: append it now (the JVM then warns
                // that class-data sharing is limited to boot classes). Loaded from the jar, this class
                // knows where the jar is; on the boot class path it would not need to.
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar()));
            }
            if (StreamGuardRuntime.isInstalled()) {
                System.err.println("streamguard: already active in this JVM; this load does nothing");
                return;
            }
            ClassLoader internals = new URLClassLoader(new URL[] {extractInternals().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class.forName(STARTUP, true, internals)
                    .getMethod("start", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, arguments, instrumentation, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
            System.err.println("streamguard: the agent could not start and guards nothing in this JVM: " + cause);
        }
    }

    private static boolean coreIsOnBootClassPath() {
        try {
            Class.forName("dev.streamguard.runtime.StreamGuardRuntime", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static File agentJar() throws Exception {
        return new File(StreamGuardAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path extractInternals() throws IOException {
        Path file = Files.createTempFile("streamguard-agent-", ".jar");
        file.toFile().deleteOnExit();
        try (InputStream in = StreamGuardAgent.class.getResourceAsStream(INTERNALS)) {
            if (in == null) {
                throw new IOException("the agent jar has no " + INTERNALS);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
