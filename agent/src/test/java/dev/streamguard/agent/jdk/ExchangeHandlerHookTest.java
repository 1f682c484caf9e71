package dev.streamguard.agent.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.agent.install.ClassText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook on the running JDK's own MultiExchange: its constructor starts by wrapping the handler, nothing else changes. */
class ExchangeHandlerHookTest {
    @Test
    void theConstructorFirstWrapsTheHandlerAndEveryOtherMethodStaysAsItWas() throws Exception {
        byte[] original = ClassText.jdkClass("java.net.http", "jdk/internal/net/http/MultiExchange");
        byte[] hooked = new ExchangeHandlerHook().apply("jdk.internal.net.http.MultiExchange", null, original);
        List<String[]> changed = ClassText.changedMethods(original, hooked, 12);
        assertEquals(1, changed.size(), "only the constructor changes");
        String after = changed.get(0)[1];
        assertTrue(after.startsWith("<init>(Ljava/net/http/HttpRequest;Ljdk/internal/net/http/HttpRequestImpl;"
                + "Ljdk/internal/net/http/HttpClientImpl;Ljava/net/http/HttpResponse$BodyHandler;"), after);
        // The user's request (local 1) and the handler (local 4) go to the bridge, its answer back into local 4, first.
        assertTrue(after.contains(": 25/1 25/4 184/dev/streamguard/runtime/JdkHttpClientBridge.wrapHandler("
                + "Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object; 192/java/net/http/HttpResponse$BodyHandler 58/4 "), after);
    }

    @Test
    void aClassWithoutTheConstructorIsRefusedRatherThanLeftQuietlyUnguarded() throws Exception {
        byte[] other = ClassText.jdkClass("java.net.http", "jdk/internal/net/http/HttpClientImpl");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ExchangeHandlerHook().apply("jdk.internal.net.http.HttpClientImpl", null, other));
        assertTrue(e.getMessage().startsWith("no MultiExchange(HttpRequest, HttpRequestImpl, HttpClientImpl, BodyHandler,"), e.getMessage());
    }
}
