package dev.streamguard.agent.jdk;

import dev.streamguard.agent.install.MethodPatch;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Makes the first statement of {@code jdk.internal.net.http.HttpClientImpl.sendAsync(HttpRequest, BodyHandler,
 * PushPromiseHandler, Executor)}, which every {@code send} and {@code sendAsync} reaches:
 * {@code handler = (BodyHandler) JdkHttpClientBridge.wrapHandler(request, handler)}. The bridge never throws.
 */
public final class SendAsyncHook extends MethodPatch {
    private static final String BRIDGE = "dev/streamguard/runtime/JdkHttpClientBridge";

    public SendAsyncHook() {
        super(List.of(new Method("sendAsync", "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)",
                "sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)")));
    }

    @Override
    protected MethodVisitor patch(Method method, MethodVisitor original) {
        return new MethodVisitor(Opcodes.ASM9, original) {
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
}
