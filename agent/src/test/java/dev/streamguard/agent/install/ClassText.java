package dev.streamguard.agent.install;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** For the hooks' tests: the running JDK's own class files, and a class's methods as text. */
public final class ClassText {
    private ClassText() {
    }

    /**
     * The methods a hook changed, each as {@code {before, after}} (its text with its first {@code instructions}
     * instructions); fails if the hook added or removed a method.
     */
    public static List<String[]> changedMethods(byte[] original, byte[] hooked, int instructions) {
        List<String> before = methods(original, instructions);
        List<String> after = methods(hooked, instructions);
        if (before.size() != after.size()) {
            throw new AssertionError(before.size() + " methods before the hook, " + after.size() + " after");
        }
        List<String[]> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(new String[] {before.get(i), after.get(i)});
            }
        }
        return changed;
    }

    /** The class file of {@code internalName} in the JDK module {@code module}. */
    public static byte[] jdkClass(String module, String internalName) throws Exception {
        return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", module, internalName + ".class"));
    }

    /** Each method's name and descriptor, and its first instructions as text. */
    public static List<String> methods(byte[] classfile, int instructions) {
        List<String> out = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                StringBuilder sb = new StringBuilder(name + descriptor + ":");
                out.add(null);
                int index = out.size() - 1;
                return new MethodVisitor(Opcodes.ASM9) {
                    private int seen;

                    private void add(String text) {
                        if (seen++ < instructions) {
                            sb.append(' ').append(text);
                        }
                    }

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        add(opcode + "/" + var);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        add(opcode + "/" + type);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                        add(opcode + "/" + owner + "." + name + descriptor);
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        add(String.valueOf(opcode));
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                        add(opcode + "/" + owner + "." + name);
                    }

                    @Override
                    public void visitEnd() {
                        out.set(index, sb.toString());
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return out;
    }
}
