package dev.streamguard.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reaches StreamGuard's MBean in a local JVM through the attach mechanism's local JMX connector: no port,
 * no remote JMX configuration, the same user only (as for attach).
 */
final class LocalJmx {
    static final String MBEAN = "dev.streamguard:type=StreamGuard";
    private static final long REGISTRATION_WAIT_NANOS = 5_000_000_000L;

    /** Something to do with the MBean server of a JVM. */
    interface Action<T> {
        T apply(MBeanServerConnection server, ObjectName guard) throws Exception;
    }

    private LocalJmx() {
    }

    /** Runs {@code action} against the JVM {@code pid}; null when StreamGuard is not active there. */
    static <T> T with(String pid, Action<T> action) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName guard = new ObjectName(MBEAN);
                // An agent that has just started registers its MBean on a thread of its own: give it a moment.
                boolean started = vm.getSystemProperties().getProperty(StreamGuardCli.VERSION_PROPERTY) != null;
                long deadline = System.nanoTime() + REGISTRATION_WAIT_NANOS;
                while (started && !server.isRegistered(guard) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                return server.isRegistered(guard) ? action.apply(server, guard) : null;
            }
        } finally {
            vm.detach();
        }
    }
}
