package dev.streamguard.agent;

import dev.streamguard.runtime.StreamGuardRuntime;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.util.jar.JarFile;

/**
 * The entry point for {@code -javaagent} and for an attach. The agent jar's top level holds only what may
 * live on the boot class path: the guard core, this class and the command line. The manifest's
 * {@code Boot-Class-Path} puts the jar there as the JVM starts, which keeps class-data sharing on and prints
 * nothing. The instrumentation (Byte Buddy, the advice, the JDK HttpClient wrappers) lies in the same jar
 * under a prefix, loaded by its own {@link InternalsClassLoader}: neither the boot loader nor the
 * application sees it. Nothing here may stop the host JVM from starting.
 */
public final class StreamGuardAgent {
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
                // that class-data sharing is limited to boot classes).
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar()));
            }
            if (StreamGuardRuntime.isInstalled()) {
                System.err.println("streamguard: already active in this JVM; this load does nothing");
                return;
            }
            ClassLoader internals = new InternalsClassLoader(agentJar());
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

    /** Found through this class's own resource, which works whether the boot loader or the system loader defined it. */
    private static File agentJar() throws Exception {
        String self = StreamGuardAgent.class.getResource("StreamGuardAgent.class").toString();
        if (!self.startsWith("jar:") || !self.contains("!/")) {
            throw new IllegalStateException("StreamGuardAgent is not loaded from a jar: " + self);
        }
        return new File(new URI(self.substring("jar:".length(), self.indexOf("!/"))));
    }
}
