package dev.streamguard.agent.install;

import dev.streamguard.agent.jdk.GuardingBodyHandlers;
import dev.streamguard.agent.observe.AgentLog;
import dev.streamguard.agent.observe.GuardMBean;
import dev.streamguard.agent.observe.StreamCounters;
import dev.streamguard.config.ConfigException;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Setting;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.instrument.Instrumentation;

/**
 * Reads the configuration, fills the runtime and installs the instrumentation, once per JVM. Runs in the
 * agent's own class loader, started by {@code StreamGuardAgent}.
 */
public final class AgentStartup {
    /** Set in the host JVM once the agent runs, so that {@code list} can tell guarded JVMs apart. */
    static final String VERSION_PROPERTY = "streamguard.agent.version";
    /** How long after the start the MBean is registered when the JVM has no platform MBean server yet. */
    static final long JMX_DELAY_MILLIS = 3_000;

    private AgentStartup() {
    }

    public static void start(String arguments, Instrumentation instrumentation, boolean attached) {
        String version = version();
        if (StreamGuardRuntime.isInstalled()) {
            AgentLog.LOG.info("streamguard: already active in this JVM ({}); this load does nothing",
                    System.getProperty(VERSION_PROPERTY, "unknown version"));
            return;
        }
        GuardConfig config;
        try {
            config = ConfigLoader.load(arguments);
        } catch (ConfigException e) {
            AgentLog.LOG.configure(Setting.LOG_LEVEL.defaultValue(), Setting.LOG_FILE.defaultValue());
            AgentLog.LOG.error("{}; StreamGuard guards nothing in this JVM", e.getMessage());
            return;
        }
        AgentLog.LOG.configure(config.value(Setting.LOG_LEVEL), config.value(Setting.LOG_FILE));
        StreamCounters counters = new StreamCounters();
        ClientOutcomes outcomes = new ClientOutcomes();
        if (!StreamGuardRuntime.install(config, new AgentHost(counters, outcomes), new GuardingBodyHandlers())) {
            AgentLog.LOG.info("streamguard: already active in this JVM; this load does nothing");
            return;
        }
        Instrumentations.install(instrumentation, outcomes);
        System.setProperty(VERSION_PROPERTY, version);
        String active = "streamguard " + version + " active" + (attached ? " (attached)" : "") + " (" + config + ")";
        Thread announcer = new Thread(() -> announce(active, new GuardMBean(counters, outcomes::list)), "streamguard-start");
        announcer.setDaemon(true);
        announcer.start();
    }

    /**
     * What the start does not need to wait for, on a thread of its own: the start line (a write to standard
     * error or a file, which may block) and the JMX registration. A JVM's first use of JMX
     * creates the platform MBean server with all its platform beans, which costs more CPU and memory than
     * the rest of the agent's start. So the MBean is registered as soon as someone else has made that server
     * (the application, a JMX agent, {@code status}), and at the latest {@link #JMX_DELAY_MILLIS} after the
     * start. The counters count from the start either way.
     */
    private static void announce(String active, GuardMBean bean) {
        long deadline = System.nanoTime() + JMX_DELAY_MILLIS * 1_000_000;
        AgentLog.LOG.info(active);
        try {
            while (!platformMBeanServerExists() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            bean.register();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            AgentLog.LOG.warn("streamguard: no JMX counters in this JVM ({}); guarding goes on", e.toString());
        }
    }

    /** Whether the platform MBean server was already made (by the application, or another agent), without making it. */
    private static boolean platformMBeanServerExists() {
        return !javax.management.MBeanServerFactory.findMBeanServer(null).isEmpty();
    }

    static String version() {
        String v = AgentStartup.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
