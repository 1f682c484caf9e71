package dev.streamguard.agent.install;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A hook that adds a few instructions to instance methods of a client class, written with the ASM that Byte
 * Buddy bundles rather than with Byte Buddy advice: the clients hooked so (the JDK's, OkHttp) then never load
 * Byte Buddy's type model (over 100 ms and several MiB at an application's start or first call). The added
 * code is straight-line and calls only the boot class path's bridges, so the methods' frames stay as they are
 * and nothing of the client's types needs resolving; every other method is copied unread. A class without one of the methods,
 * or without a field the added code uses, is of a version the patch does not fit: it is refused, naming what is
 * missing, and stays as it was.
 */
public abstract class MethodPatch implements ClassHook {
    private final Class<?> bridge;
    private final List<Method> methods;
    private final List<String> fields;

    /** One method the patch changes. */
    public static final class Method {
        final String name;
        final boolean nameIsPrefix;
        final String descriptorStart;
        final String described;

        /** {@code descriptorStart}: the descriptor, or its start; {@code described}: the method as a reader would name it. */
        public Method(String name, String descriptorStart, String described) {
            this(name, false, descriptorStart, described);
        }

        private Method(String name, boolean nameIsPrefix, String descriptorStart, String described) {
            this.name = name;
            this.nameIsPrefix = nameIsPrefix;
            this.descriptorStart = descriptorStart;
            this.described = described;
        }

        /** A method whose name starts with {@code namePrefix}: Kotlin adds the module's name to an internal function's. */
        public static Method namedFrom(String namePrefix, String descriptorStart, String described) {
            return new Method(namePrefix, true, descriptorStart, described);
        }

        boolean matches(int access, String name, String descriptor) {
            return (nameIsPrefix ? name.startsWith(this.name) : this.name.equals(name)) && descriptor.startsWith(descriptorStart)
                    && (access & Opcodes.ACC_STATIC) == 0;
        }
    }

    /**
     * {@code bridge}: the boot class path's class the added code calls; {@code fields}: each field of the class the
     * added code uses, as {@code "name descriptor"}.
     */
    protected MethodPatch(Class<?> bridge, List<Method> methods, String... fields) {
        this.bridge = bridge;
        this.methods = methods;
        this.fields = List.of(fields);
    }

    /** The code of {@code method} with the patch: a visitor in front of {@code original}. */
    protected abstract MethodVisitor patch(Method method, MethodVisitor original);

    @Override
    public final byte[] apply(String className, ClassLoader loader, byte[] classfile) {
        requireBridgeVisible(className, loader);
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        List<Method> unpatched = new ArrayList<>(methods);
        Set<String> missing = new HashSet<>(fields);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if ((access & Opcodes.ACC_STATIC) == 0) {
                    missing.remove(name + " " + descriptor);
                }
                return super.visitField(access, name, descriptor, signature, value);
            }

            // ASM visits the fields before the methods: whether the class has them is known here.
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor original = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!missing.isEmpty()) {
                    return original;
                }
                for (Method m : methods) {
                    if (m.matches(access, name, descriptor)) {
                        unpatched.remove(m);
                        return patch(m, original);
                    }
                }
                return original;
            }
        }, 0);
        String described = methods.get(0).described;
        for (int i = 1; i < methods.size(); i++) {
            described += (i == methods.size() - 1 ? " and " : ", ") + methods.get(i).described;
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no field " + String.join(", ", missing) + " for " + described + " in " + className);
        }
        if (!unpatched.isEmpty()) {
            throw new IllegalStateException("no " + unpatched.get(0).described + " in " + className);
        }
        return writer.toByteArray();
    }

    /**
     * The added code has no handler around its call: a class loader that does not hand {@code dev.streamguard.}
     * names to the boot loader (OSGi without boot delegation, JBoss Modules without system packages) would make
     * every run of the patched method throw {@code NoClassDefFoundError}. Such a class is refused, and runs as it was.
     */
    private void requireBridgeVisible(String className, ClassLoader loader) {
        if (loader == null) {
            return;
        }
        Class<?> seen;
        try {
            seen = Class.forName(bridge.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            seen = null;
        }
        if (seen != bridge) {
            throw new IllegalStateException("the class loader of " + className + " does not delegate " + bridge.getName()
                    + " to the boot class path, where the added code would find it");
        }
    }
}
