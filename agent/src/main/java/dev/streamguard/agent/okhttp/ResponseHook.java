package dev.streamguard.agent.okhttp;

import dev.streamguard.agent.install.MethodPatch;
import dev.streamguard.runtime.OkHttpBridge;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Makes every {@code return response} of {@code RealCall.getResponseWithInterceptorChain()} (named
 * {@code getResponseWithInterceptorChain$okhttp} by Kotlin in OkHttp 4 and 5) return
 * {@code (Response) OkHttpBridge.response(response, this)} instead. The bridge never throws.
 */
public final class ResponseHook extends MethodPatch {
    private static final String BRIDGE = OkHttpBridge.class.getName().replace('.', '/');

    public ResponseHook() {
        super(OkHttpBridge.class, List.of(Method.namedFrom("getResponseWithInterceptorChain", "()Lokhttp3/Response;", "getResponseWithInterceptorChain()")));
    }

    @Override
    protected MethodVisitor patch(Method method, MethodVisitor original) {
        return new MethodVisitor(Opcodes.ASM9, original) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.ARETURN) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "response",
                            "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                    super.visitTypeInsn(Opcodes.CHECKCAST, "okhttp3/Response");
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // The response, then the call beside it.
                super.visitMaxs(Math.max(maxStack, 2), maxLocals);
            }
        };
    }
}
