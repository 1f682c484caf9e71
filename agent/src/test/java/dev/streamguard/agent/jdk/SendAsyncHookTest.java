package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** The hook on the running JDK's own HttpClientImpl: its sendAsync starts by wrapping the handler, nothing else changes. */
class SendAsyncHookTest {
    private static byte[] httpClientImpl() throws Exception {
        return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.net.http", "jdk", "internal", "net", "http", "HttpClientImpl.class"));
    }

    /** Each method's name and descriptor, and its first instructions as text. */
    private static List<String> methods(byte[] classfile, int instructions) {
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

    @Test
    void sendAsyncFirstWrapsTheHandlerAndEveryOtherMethodStaysAsItWas() throws Exception {
        byte[] original = httpClientImpl();
        byte[] hooked = new SendAsyncHook().apply("jdk.internal.net.http.HttpClientImpl", null, original);
        List<String> before = methods(original, 12);
        List<String> after = methods(hooked, 12);
        assertEquals(before.size(), after.size());
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).equals(after.get(i))) {
                continue;
            }
            changed++;
            assertTrue(after.get(i).startsWith("sendAsync(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                    + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"), after.get(i));
            assertTrue(after.get(i).contains(": 25/1 25/2 184/dev/streamguard/runtime/JdkHttpClientBridge.wrapHandler("
                    + "Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object; 192/java/net/http/HttpResponse$BodyHandler 58/2 "), after.get(i));
        }
        assertEquals(1, changed, "only the four-argument sendAsync changes");
    }

    @Test
    void aClassWithoutTheMethodIsRefusedRatherThanLeftQuietlyUnguarded() throws Exception {
        byte[] other = Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.net.http", "java", "net", "http", "HttpClient.class"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SendAsyncHook().apply("java.net.http.HttpClient", null, other));
        assertTrue(e.getMessage().startsWith("no sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor) in"), e.getMessage());
    }
}
