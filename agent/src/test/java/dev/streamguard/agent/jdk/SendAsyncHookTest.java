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
        List<String[]> changed = ClassText.changedMethods(original, hooked, 12);
        assertEquals(1, changed.size(), "only the four-argument sendAsync changes");
        String after = changed.get(0)[1];
        assertTrue(after.startsWith("sendAsync(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"), after);
        assertTrue(after.contains(": 25/1 25/2 184/dev/streamguard/runtime/JdkHttpClientBridge.wrapHandler("
                + "Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object; 192/java/net/http/HttpResponse$BodyHandler 58/2 "), after);
    }

    @Test
    void aClassWithoutTheMethodIsRefusedRatherThanLeftQuietlyUnguarded() throws Exception {
        byte[] other = ClassText.jdkClass("java.net.http", "java/net/http/HttpClient");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SendAsyncHook().apply("java.net.http.HttpClient", null, other));
        assertTrue(e.getMessage().startsWith("no sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor) in"), e.getMessage());
    }
}
