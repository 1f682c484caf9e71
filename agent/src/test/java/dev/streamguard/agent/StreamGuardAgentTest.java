package dev.streamguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The agent's entry class lives at the top level of the agent jar, which the manifest puts on the boot class path:
 * it may link only to classes the boot loader defines ({@code java.base}, {@code java.instrument}, ...) and to the
 * core's runtime bridge, never to Byte Buddy, the agent's own log and instrumentation or {@code java.net.http} (a
 * platform-loader module). Checked on its compiled class file: every class its constant pool names, as a class or
 * inside a field or method descriptor.
 */
class StreamGuardAgentTest {

    @Test
    void theEntryClassLinksOnlyToBootClassesAndTheRuntimeBridge() throws IOException {
        Set<String> referenced = referencedClasses(StreamGuardAgent.class);
        assertTrue(referenced.contains("dev.streamguard.runtime.StreamGuardRuntime"),
                () -> "the parser found the bridge it must find: " + referenced);
        assertTrue(referenced.contains("java.lang.instrument.Instrumentation"), referenced::toString);
        assertEquals(List.of(), forbidden(referenced, StreamGuardAgent.class), () -> "StreamGuardAgent references " + referenced);
    }

    @Test
    void theInternalsLoaderLinksOnlyToBootClasses() throws IOException {
        Set<String> referenced = referencedClasses(InternalsClassLoader.class);
        assertTrue(referenced.contains("java.util.jar.JarFile"), referenced::toString);
        assertEquals(List.of(), forbidden(referenced, InternalsClassLoader.class), () -> "InternalsClassLoader references " + referenced);
    }

    private static List<String> forbidden(Set<String> referenced, Class<?> owner) {
        List<String> forbidden = new ArrayList<>();
        for (String name : referenced) {
            if (!allowedOnBootClassPath(name, owner)) {
                forbidden.add(name);
            }
        }
        return forbidden;
    }

    @Test
    void theCheckRejectsWhatTheBootLoaderCannotSee() throws IOException {
        // The instrumentation classes (agent-internals.jar) are exactly what must never be linked from the entry
        // class: the same check flags them, so it can fail.
        Set<String> handler = referencedClasses(dev.streamguard.agent.jdk.GuardingBodyHandlers.class);
        assertTrue(handler.contains("dev.streamguard.agent.jdk.GuardingBodyHandler"), handler::toString);
        assertFalse(allowedOnBootClassPath("dev.streamguard.agent.jdk.GuardingBodyHandler", StreamGuardAgent.class));
        assertFalse(allowedOnBootClassPath("java.net.http.HttpResponse$BodyHandler", StreamGuardAgent.class),
                "java.net.http is defined to the platform loader");
        assertFalse(allowedOnBootClassPath("net.bytebuddy.agent.builder.AgentBuilder", StreamGuardAgent.class));
        assertFalse(allowedOnBootClassPath("dev.streamguard.agent.observe.AgentLog", StreamGuardAgent.class));
        assertFalse(allowedOnBootClassPath("java.sql.Connection", StreamGuardAgent.class),
                "java.sql is defined to the platform loader");
        assertFalse(allowedOnBootClassPath("dev.streamguard.core.GuardEngine", StreamGuardAgent.class),
                "the entry class may use the runtime bridge only");
        assertFalse(allowedOnBootClassPath("dev.streamguard.agent.install.AgentStartup", StreamGuardAgent.class),
                "the instrumentation's classes are loaded by name, never linked");
        assertTrue(allowedOnBootClassPath("java.util.jar.JarFile", StreamGuardAgent.class));
    }

    /** Whether {@code owner}, on the boot class path, may link to {@code name}. */
    private static boolean allowedOnBootClassPath(String name, Class<?> owner) {
        if (name.equals(owner.getName()) || name.startsWith(owner.getName() + "$")) {
            return true;
        }
        // The other boot-side classes of the agent jar's top level (the assembly puts dev/streamguard/agent/*.class there).
        if (name.startsWith("dev.streamguard.agent.") && name.indexOf('.', "dev.streamguard.agent.".length()) < 0) {
            return true;
        }
        if (name.startsWith("dev.streamguard.runtime.") && name.indexOf('.', "dev.streamguard.runtime.".length()) < 0) {
            return true;
        }
        if (!name.startsWith("java.")) {
            return false;
        }
        try {
            Class.forName(name, false, null); // the boot loader itself
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every class the class file names: class constants, and the types in field, method and method-type descriptors. */
    static Set<String> referencedClasses(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file " + resource);
            }
            bytes = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file: " + resource);
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: // Utf8
                    utf8[i] = in.readUTF();
                    break;
                case 7: // Class
                    classNames.add(in.readUnsignedShort());
                    break;
                case 16: // MethodType
                    descriptors.add(in.readUnsignedShort());
                    break;
                case 8: // String
                case 19: // Module
                case 20: // Package
                    in.readUnsignedShort();
                    break;
                case 12: // NameAndType
                    in.readUnsignedShort();
                    descriptors.add(in.readUnsignedShort());
                    break;
                case 3: // Integer
                case 4: // Float
                case 9: // Fieldref
                case 10: // Methodref
                case 11: // InterfaceMethodref
                case 17: // Dynamic
                case 18: // InvokeDynamic
                    in.readInt();
                    break;
                case 5: // Long
                case 6: // Double
                    in.readLong();
                    i++;
                    break;
                case 15: // MethodHandle
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag + " at " + i + " in " + resource);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int index : classNames) {
            String n = utf8[index];
            if (n.startsWith("[")) {
                addDescriptorTypes(n, names);
            } else {
                names.add(n.replace('/', '.'));
            }
        }
        for (int index : descriptors) {
            addDescriptorTypes(utf8[index], names);
        }
        // The class's own fields and methods: their descriptors.
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        for (int kind = 0; kind < 2; kind++) {
            int members = in.readUnsignedShort();
            for (int m = 0; m < members; m++) {
                in.readUnsignedShort(); // access
                in.readUnsignedShort(); // name
                addDescriptorTypes(utf8[in.readUnsignedShort()], names);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    in.readUnsignedShort();
                    in.skipNBytes(in.readInt());
                }
            }
        }
        return names;
    }

    private static void addDescriptorTypes(String descriptor, Set<String> names) {
        for (int i = descriptor.indexOf('L'); i >= 0; i = descriptor.indexOf('L', i + 1)) {
            // Only an 'L' that starts a type: at the start, or after '(', ')', ';', '[' or a primitive letter.
            if (i > 0 && "();[BCDFIJSZV".indexOf(descriptor.charAt(i - 1)) < 0) {
                continue;
            }
            int end = descriptor.indexOf(';', i);
            if (end < 0) {
                return;
            }
            names.add(descriptor.substring(i + 1, end).replace('/', '.'));
            i = end;
        }
    }
}
