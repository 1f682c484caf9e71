package dev.streamguard.agent.cli;

import dev.streamguard.config.Setting;
import java.io.PrintStream;

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
                    return JvmCommands.attach(args[1], args.length == 3 ? args[2] : "", out, err);
                case "list":
                    return JvmCommands.list(out);
                case "status":
                    if (args.length != 2) {
                        err.println("streamguard: usage: status <pid>");
                        return 2;
                    }
                    return JvmCommands.status(args[1], out, err);
                case "mode":
                    if (args.length != 3 || dev.streamguard.config.Mode.parse(args[2]) == null) {
                        err.println("streamguard: usage: mode <pid> enforce|observe|off");
                        return 2;
                    }
                    return JvmCommands.mode(args[1], args[2].trim().toLowerCase(java.util.Locale.ROOT), out, err);
                default:
                    err.println("streamguard: unknown command '" + args[0] + "'; see --help");
                    return 2;
            }
        } catch (LinkageError e) {
            // JvmCommands links to jdk.attach, which a trimmed runtime may lack; --help works without it.
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
}
