package dev.streamguard.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Properties;

/**
 * The commands that reach another JVM through the attach mechanism (jdk.attach): attach, list, status, mode.
 * Kept apart from {@link StreamGuardCli} so that a runtime without jdk.attach still gets the usage and a
 * clear message instead of a class that cannot load.
 */
final class JvmCommands {
    private static final String VERSION_PROPERTY = StreamGuardCli.VERSION_PROPERTY;

    private JvmCommands() {
    }

    static int attach(String pid, String options, PrintStream out, PrintStream err) {
        String jar;
        try {
            jar = new File(JvmCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
        } catch (URISyntaxException e) {
            err.println("streamguard: cannot locate the agent jar: " + e.getMessage());
            return 1;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            err.println("streamguard: cannot attach to " + pid + ": " + e.getMessage()
                    + " (is it a local JVM of the same user, started without -XX:+DisableAttachMechanism?)");
            return 1;
        }
        try {
            String before = vm.getSystemProperties().getProperty(VERSION_PROPERTY);
            vm.loadAgent(jar, options);
            if (before != null) {
                out.println("streamguard: already active in " + pid + " (" + before + "); loading it again did nothing");
                return 0;
            }
            String version = vm.getSystemProperties().getProperty(VERSION_PROPERTY);
            if (version == null) {
                err.println("streamguard: loaded into " + pid + " but it did not start; see that JVM's output");
                return 1;
            }
            out.println("streamguard: active in " + pid + " (" + version + ")");
            return 0;
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            err.println("streamguard: loading into " + pid + " failed: " + e.getMessage());
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The target keeps running either way.
            }
        }
    }

    static int status(String pid, PrintStream out, PrintStream err) {
        try {
            Boolean found = LocalJmx.with(pid, (server, guard) -> {
                for (javax.management.MBeanAttributeInfo a : server.getMBeanInfo(guard).getAttributes()) {
                    Object v = server.getAttribute(guard, a.getName());
                    if (v instanceof String[]) {
                        out.println(a.getName() + ":");
                        for (String line : (String[]) v) {
                            out.println("  " + line);
                        }
                    } else {
                        out.println(a.getName() + ": " + v);
                    }
                }
                return Boolean.TRUE;
            });
            return found == null ? notActive(pid, err) : 0;
        } catch (Exception e) {
            err.println("streamguard: cannot read the status of " + pid + ": " + e);
            return 1;
        }
    }

    static int mode(String pid, String mode, PrintStream out, PrintStream err) {
        try {
            String before = LocalJmx.with(pid, (server, guard) -> {
                Object was = server.getAttribute(guard, "Mode");
                server.setAttribute(guard, new javax.management.Attribute("Mode", mode));
                return String.valueOf(was);
            });
            if (before == null) {
                return notActive(pid, err);
            }
            out.println("streamguard: mode of " + pid + " is now " + mode + " (was " + before + "); streams that start from now on use it");
            return 0;
        } catch (Exception e) {
            err.println("streamguard: cannot switch the mode of " + pid + ": " + e);
            return 1;
        }
    }

    private static int notActive(String pid, PrintStream err) {
        err.println("streamguard: not active in " + pid + " (load it with: attach " + pid + ")");
        return 1;
    }

    static int list(PrintStream out) {
        List<VirtualMachineDescriptor> vms = VirtualMachine.list();
        String self = String.valueOf(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor d : vms) {
            if (d.id().equals(self)) {
                continue;
            }
            out.println(d.id() + "\t" + status(d) + "\t" + d.displayName());
        }
        return 0;
    }

    private static String status(VirtualMachineDescriptor d) {
        try {
            VirtualMachine vm = VirtualMachine.attach(d);
            try {
                Properties p = vm.getSystemProperties();
                String version = p.getProperty(VERSION_PROPERTY);
                return version == null ? "-" : "guarded(" + version + ")";
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            return "unreachable";
        }
    }
}
