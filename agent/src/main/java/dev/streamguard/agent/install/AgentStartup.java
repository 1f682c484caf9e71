package dev.streamguard.agent.install;

import dev.streamguard.agent.jdk.GuardingBodyHandlers;
import dev.streamguard.agent.observe.GuardMBean;
import dev.streamguard.agent.observe.StreamCounters;
import dev.streamguard.config.ConfigException;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.instrument.Instrumentation;

/**
 * Reads the configuration, fills the runtime and installs the instrumentation, once per JVM. Runs in the
 * agent's own class loader, started by {@code StreamGuardAgent}.
 */
public final class AgentStartup {
    /** Set in the host JVM once the agent runs, so that {@code list} can tell guarded JVMs apart. */
    static final String VERSION_PROPERTY = "streamguard.agent.version";

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
            LogSetup.configureDefaults();
            AgentLog.LOG.error("{}; StreamGuard guards nothing in this JVM", e.getMessage());
            return;
        }
        LogSetup.configure(config);
        StreamCounters counters = new StreamCounters();
        if (!StreamGuardRuntime.install(config, new AgentHost(counters), new GuardingBodyHandlers())) {
            AgentLog.LOG.info("streamguard: already active in this JVM; this load does nothing");
            return;
        }
        Instrumentations.install(instrumentation);
        System.setProperty(VERSION_PROPERTY, version);
        registerMBeanMeanwhile(counters);
        AgentLog.LOG.info("streamguard {} active{} ({})", version, attached ? " (attached)" : "", config);
    }

    /**
     * The first use of JMX in a JVM creates the platform MBean server and all its platform beans, which costs
     * more than the rest of the agent's start: it runs beside the application's start, not before it.
     */
    private static void registerMBeanMeanwhile(StreamCounters counters) {
        Thread registration = new Thread(() -> {
            try {
                new GuardMBean(counters).register();
            } catch (Exception | LinkageError e) {
                AgentLog.LOG.warn("streamguard: no JMX counters in this JVM ({}); guarding goes on", e.toString());
            }
        }, "streamguard-jmx-registration");
        registration.setDaemon(true);
        registration.start();
    }

    static String version() {
        String v = AgentStartup.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
