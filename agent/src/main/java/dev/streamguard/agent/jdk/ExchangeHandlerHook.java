package dev.streamguard.agent.jdk;

import dev.streamguard.agent.install.MethodPatch;
import dev.streamguard.runtime.JdkHttpClientBridge;
import java.util.List;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Makes the first statement of the constructor of {@code jdk.internal.net.http.MultiExchange}, which every
 * {@code send} and {@code sendAsync} builds for its request:
 * {@code responseHandler = (BodyHandler) JdkHttpClientBridge.wrapHandler(userRequest, responseHandler)}. The
 * bridge never throws. The constructor rather than {@code HttpClientImpl.sendAsync}, which leads to it: the JDK loads
 * {@code MultiExchange} with the first request, not with the client, so that an application pays for the hook
 * (ASM's classes and its reading of the class) when it first sends, not when it starts. Its parameters begin
 * alike from JDK 11 to 25 (JDK 25's lacks the last one of JDK 11 and 17, an {@code AccessControlContext}).
 */
public final class ExchangeHandlerHook extends MethodPatch {
    private static final String BRIDGE = JdkHttpClientBridge.class.getName().replace('.', '/');
    private static final int USER_REQUEST = 1;
    private static final int RESPONSE_HANDLER = 4;

    public ExchangeHandlerHook() {
        super(JdkHttpClientBridge.class, List.of(new Method("<init>", "(Ljava/net/http/HttpRequest;Ljdk/internal/net/http/HttpRequestImpl;"
                + "Ljdk/internal/net/http/HttpClientImpl;Ljava/net/http/HttpResponse$BodyHandler;"
                + "Ljava/net/http/HttpResponse$PushPromiseHandler;",
                "MultiExchange(HttpRequest, HttpRequestImpl, HttpClientImpl, BodyHandler, PushPromiseHandler, ...)")));
    }

    @Override
    protected MethodVisitor patch(Method method, MethodVisitor original) {
        return new MethodVisitor(Opcodes.ASM9, original) {
            @Override
            public void visitCode() {
                super.visitCode();
                // Before the call to Object's constructor, which the verifier allows: it touches no field of this.
                super.visitVarInsn(Opcodes.ALOAD, USER_REQUEST);
                super.visitVarInsn(Opcodes.ALOAD, RESPONSE_HANDLER);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "wrapHandler",
                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                super.visitTypeInsn(Opcodes.CHECKCAST, "java/net/http/HttpResponse$BodyHandler");
                super.visitVarInsn(Opcodes.ASTORE, RESPONSE_HANDLER);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 2), maxLocals);
            }
        };
    }
}
