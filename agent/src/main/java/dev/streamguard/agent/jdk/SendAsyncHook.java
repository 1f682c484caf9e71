package dev.streamguard.agent.jdk;

import dev.streamguard.agent.install.ClassHook;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Makes the first statement of {@code jdk.internal.net.http.HttpClientImpl.sendAsync(HttpRequest, BodyHandler,
 * PushPromiseHandler, Executor)}, which every {@code send} and {@code sendAsync} reaches:
 * {@code handler = (BodyHandler) JdkHttpClientBridge.wrapHandler(request, handler)}. The bridge never throws.
 *
 * <p>Written with the ASM that Byte Buddy bundles rather than with Byte Buddy advice: five instructions, no
 * branch, need none of Byte Buddy's type model, so an application that uses only the JDK client never loads
 * it (over 100 ms and several MiB at its start). The other methods are copied as they are.
 */
public final class SendAsyncHook implements ClassHook {
    private static final String DESCRIPTOR_START = "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
            + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)";
    private static final String BRIDGE = "dev/streamguard/runtime/JdkHttpClientBridge";

    @Override
    public byte[] apply(String className, ClassLoader loader, byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] hooked = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("sendAsync") || !descriptor.startsWith(DESCRIPTOR_START) || (access & Opcodes.ACC_STATIC) != 0) {
                    return method;
                }
                hooked[0] = true;
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitVarInsn(Opcodes.ALOAD, 1);
                        super.visitVarInsn(Opcodes.ALOAD, 2);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "wrapHandler",
                                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                        super.visitTypeInsn(Opcodes.CHECKCAST, "java/net/http/HttpResponse$BodyHandler");
                        super.visitVarInsn(Opcodes.ASTORE, 2);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        super.visitMaxs(Math.max(maxStack, 2), maxLocals);
                    }
                };
            }
        }, 0);
        if (!hooked[0]) {
            throw new IllegalStateException("no sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor) in " + className);
        }
        return writer.toByteArray();
    }
}
