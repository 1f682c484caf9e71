package dev.streamguard.runtime;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Mode;
import dev.streamguard.core.StreamReportListener;

/**
 * The guard's state in this JVM, on the boot class path so that every instrumented client, whatever its
 * class loader, reaches the same one. The agent fills it once at start; until then nothing is guarded.
 */
public final class StreamGuardRuntime {
    /** What the agent does with what the guard cannot do itself (log, count). */
    public interface Host {
        void onReport(dev.streamguard.core.StreamReport report);

        /** A response that could be an LLM stream was left unguarded, e.g. because it is compressed. */
        void onUnguarded(String client, String url, String reason);

        /** The guard or an instrumentation failed and the response went through unguarded. */
        void onInternalError(String where, Throwable error);

        /**
         * The glue of {@code client} for the copy of its library that {@code libraryClass} belongs to could not be
         * made: that copy's responses go through unguarded.
         */
        default void onGlueFailed(String client, String libraryClass, Throwable error) {
            onInternalError(client + " glue for " + libraryClass, error);
        }
    }

    private static volatile GuardConfig config;
    private static volatile Host host;
    private static volatile JdkHandlerWrapper jdkHandlerWrapper;
    private static final StreamReportListener LISTENER = report -> {
        Host h = host;
        if (h != null) {
            h.onReport(report);
        }
    };

    private StreamGuardRuntime() {
    }

    /** Installs the guard; false (and nothing changed) if it was already installed. */
    public static synchronized boolean install(GuardConfig guardConfig, Host agentHost, JdkHandlerWrapper wrapper) {
        if (host != null) {
            return false;
        }
        config = guardConfig;
        jdkHandlerWrapper = wrapper;
        host = agentHost;
        return true;
    }

    public static boolean isInstalled() {
        return host != null;
    }

    /** The configuration streams start with; null before installation. */
    public static GuardConfig config() {
        return config;
    }

    /** Switches the mode for the streams that start from now on. */
    public static synchronized void setMode(Mode mode) {
        GuardConfig c = config;
        if (c != null) {
            config = c.withMode(mode);
        }
    }

    public static StreamReportListener listener() {
        return LISTENER;
    }

    static JdkHandlerWrapper jdkHandlerWrapper() {
        return jdkHandlerWrapper;
    }

    static void unguarded(String client, String url, String reason) {
        tellHost(h -> h.onUnguarded(client, url, reason));
    }

    static void glueFailed(String client, String libraryClass, Throwable error) {
        tellHost(h -> h.onGlueFailed(client, libraryClass, error));
    }

    static void internalError(String where, Throwable error) {
        tellHost(h -> h.onInternalError(where, error));
    }

    private static void tellHost(java.util.function.Consumer<Host> message) {
        Host h = host;
        if (h != null) {
            try {
                message.accept(h);
            } catch (RuntimeException | LinkageError e) {
                // Reporting must never break the response it reports on.
            }
        }
    }
}
