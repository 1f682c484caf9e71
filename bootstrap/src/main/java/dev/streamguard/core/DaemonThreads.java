package dev.streamguard.core;

/** The agent's own threads, made so that they pin nothing of the application that happens to start them. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * A daemon thread, not started: no inherited thread-locals, no context class loader, and (created in a
     * privileged block) no access control context holding the application's protection domains.
     */
    @SuppressWarnings("removal")
    public static Thread create(String name, Runnable body) {
        Thread t = java.security.AccessController.doPrivileged((java.security.PrivilegedAction<Thread>)
                () -> new Thread(null, body, name, 0, false));
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }
}
