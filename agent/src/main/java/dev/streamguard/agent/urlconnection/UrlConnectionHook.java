package dev.streamguard.agent.urlconnection;

import dev.streamguard.agent.install.MethodPatch;
import dev.streamguard.runtime.UrlConnectionBridge;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Two changes to {@code sun.net.www.protocol.http.HttpURLConnection}. Before each return of
 * {@code getOutputStream()}: {@code UrlConnectionBridge.requestBody(result, this)}, which keeps the buffer an
 * application writes its request body into (the connection drops it once the response is in). Before each
 * return of {@code getInputStream0()}, behind {@code getInputStream()}: {@code result = (InputStream) UrlConnectionBridge.guard(result, this,
 * this.http); this.inputStream = (InputStream) UrlConnectionBridge.kept(result, this.inputStream);}. Keeping
 * the guard in the connection's own field makes it the one stream every later call returns, on JDK 11 to 25
 * alike.
 */
final class UrlConnectionHook extends MethodPatch {
    static final String CONNECTION = "sun/net/www/protocol/http/HttpURLConnection";
    static final String HTTP = "Lsun/net/www/http/HttpClient;";
    private static final String BRIDGE = UrlConnectionBridge.class.getName().replace('.', '/');
    /** The private method behind getInputStream, which runs under the connection's lock (its public caller releases it before returning). */
    private static final Method INPUT = new Method("getInputStream0", "()Ljava/io/InputStream;", "getInputStream0()");
    private static final Method OUTPUT = new Method("getOutputStream", "()Ljava/io/OutputStream;", "getOutputStream()");

    UrlConnectionHook() {
        super(UrlConnectionBridge.class, List.of(INPUT, OUTPUT), "http " + HTTP, "inputStream Ljava/io/InputStream;");
    }

    @Override
    protected MethodVisitor patch(Method method, MethodVisitor original) {
        return method == INPUT ? beforeReturn(original, 4, UrlConnectionHook::guard) : beforeReturn(original, 3, UrlConnectionHook::keep);
    }

    private static void guard(MethodVisitor code) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, CONNECTION, "http", HTTP);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "guard", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                false);
        code.visitTypeInsn(Opcodes.CHECKCAST, "java/io/InputStream");
        code.visitInsn(Opcodes.DUP);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitInsn(Opcodes.SWAP);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, CONNECTION, "inputStream", "Ljava/io/InputStream;");
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "kept", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
        code.visitTypeInsn(Opcodes.CHECKCAST, "java/io/InputStream");
        code.visitFieldInsn(Opcodes.PUTFIELD, CONNECTION, "inputStream", "Ljava/io/InputStream;");
    }

    private static void keep(MethodVisitor code) {
        code.visitInsn(Opcodes.DUP);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "requestBody", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
    }

    /** {@code added} before each {@code areturn}, which needs {@code stack} slots with the result. */
    private static MethodVisitor beforeReturn(MethodVisitor original, int stack, java.util.function.Consumer<MethodVisitor> added) {
        return new MethodVisitor(Opcodes.ASM9, original) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.ARETURN) {
                    added.accept(getDelegate());
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, stack), maxLocals);
            }
        };
    }
}
