package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.agent.install.ClassText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook on the running JDK's own HttpClientImpl: its sendAsync starts by wrapping the handler, nothing else changes. */
class SendAsyncHookTest {
    @Test
    void sendAsyncFirstWrapsTheHandlerAndEveryOtherMethodStaysAsItWas() throws Exception {
        byte[] original = ClassText.jdkClass("java.net.http", "jdk/internal/net/http/HttpClientImpl");
        byte[] hooked = new SendAsyncHook().apply("jdk.internal.net.http.HttpClientImpl", null, original);
        List<String> before = ClassText.methods(original, 12);
        List<String> after = ClassText.methods(hooked, 12);
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
        byte[] other = ClassText.jdkClass("java.net.http", "java/net/http/HttpClient");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SendAsyncHook().apply("java.net.http.HttpClient", null, other));
        assertTrue(e.getMessage().startsWith("no sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor) in"), e.getMessage());
    }
}
