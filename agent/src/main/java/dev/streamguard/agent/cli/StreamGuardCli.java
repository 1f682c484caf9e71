package dev.streamguard.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.streamguard.config.Setting;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Properties;

/** {@code java -jar streamguard-agent.jar attach <pid> [key=value,...] | list | --help}. */
public final class StreamGuardCli {
    static final String VERSION_PROPERTY = "streamguard.agent.version";

    private StreamGuardCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "attach":
                    if (args.length < 2 || args.length > 3) {
                        err.println("streamguard: usage: attach <pid> [key=value,...]");
                        return 2;
                    }
                    return attach(args[1], args.length == 3 ? args[2] : "", out, err);
                case "list":
                    return list(out);
                case "status":
                    if (args.length != 2) {
                        err.println("streamguard: usage: status <pid>");
                        return 2;
                    }
                    return status(args[1], out, err);
                case "mode":
                    if (args.length != 3 || dev.streamguard.config.Mode.parse(args[2]) == null) {
                        err.println("streamguard: usage: mode <pid> enforce|observe|off");
                        return 2;
                    }
                    return mode(args[1], args[2].trim().toLowerCase(java.util.Locale.ROOT), out, err);
                default:
                    err.println("streamguard: unknown command '" + args[0] + "'; see --help");
                    return 2;
            }
        } catch (LinkageError e) {
            err.println("streamguard: this command needs a JDK with the jdk.attach module (" + e + ")");
            return 1;
        }
    }

    static String usage() {
        return "StreamGuard: guards LLM Server-Sent-Event streams in a JVM, with no change to the application.\n"
                + "\n"
                + "Start a JVM with it:\n"
                + "  java -javaagent:streamguard-agent.jar[=key=value,...] -jar app.jar\n"
                + "\n"
                + "Commands (run with a JDK, as the user who owns the target JVM):\n"
                + "  java -jar streamguard-agent.jar attach <pid> [key=value,...]\n"
                + "      Loads StreamGuard into a running JVM: its next streams are guarded. Loading it into a JVM\n"
                + "      that already has it does nothing. JDK 21 and later print a warning about a dynamically\n"
                + "      loaded agent unless the target runs with -XX:+EnableDynamicAgentLoading; the agent works\n"
                + "      either way (a future JDK may require the flag).\n"
                + "  java -jar streamguard-agent.jar list\n"
                + "      Lists the local JVMs and marks those StreamGuard is active in.\n"
                + "  java -jar streamguard-agent.jar status <pid>\n"
                + "      Prints what StreamGuard did in that JVM (its JMX counters) and its configuration.\n"
                + "  java -jar streamguard-agent.jar mode <pid> enforce|observe|off\n"
                + "      Switches its mode; streams that start afterwards use the new one. No restart, no JMX port.\n"
                + "  java -jar streamguard-agent.jar --help\n"
                + "\n"
                + "Settings (agent argument, or -Dstreamguard.<key>, or STREAMGUARD_<KEY>), e.g.\n"
                + "  mode=observe,tool-args.max-bytes=64KiB\n"
                + settings();
    }

    private static String settings() {
        StringBuilder lines = new StringBuilder();
        for (Setting s : Setting.values()) {
            String byDefault = s.defaultValue().isEmpty() ? "empty" : s.defaultValue();
            lines.append(String.format("  %-27s %s (default %s)%n", s.shortName(), s.expected(), byDefault));
        }
        return lines.toString();
    }

    private static int attach(String pid, String options, PrintStream out, PrintStream err) {
        String jar;
        try {
            jar = new File(StreamGuardCli.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
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

    private static int status(String pid, PrintStream out, PrintStream err) {
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

    private static int mode(String pid, String mode, PrintStream out, PrintStream err) {
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

    private static int list(PrintStream out) {
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
