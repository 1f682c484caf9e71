package dev.streamguard.agent.urlconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.agent.install.ClassText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook on the running JDK's own HttpURLConnection: every return of its two stream getters goes through the bridge, nothing else changes. */
class UrlConnectionHookTest {
    private static final String GUARD = " 25/0 25/0 180/sun/net/www/protocol/http/HttpURLConnection.http"
            + " 184/dev/streamguard/runtime/UrlConnectionBridge.guard(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"
            + " 192/java/io/InputStream 89 25/0 95 25/0 180/sun/net/www/protocol/http/HttpURLConnection.inputStream"
            + " 184/dev/streamguard/runtime/UrlConnectionBridge.kept(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"
            + " 192/java/io/InputStream 181/sun/net/www/protocol/http/HttpURLConnection.inputStream 176";
    private static final String KEEP = " 89 25/0 184/dev/streamguard/runtime/UrlConnectionBridge.requestBody(Ljava/lang/Object;Ljava/lang/Object;)V 176";

    @Test
    void eachReturnOfGetInputStreamAndGetOutputStreamGoesThroughTheBridgeAndEveryOtherMethodStaysAsItWas() throws Exception {
        byte[] original = ClassText.jdkClass("java.base", UrlConnectionHook.CONNECTION);
        byte[] hooked = new UrlConnectionHook().apply(UrlConnectionHook.CONNECTION.replace('/', '.'), null, original);
        List<String[]> changed = ClassText.changedMethods(original, hooked, Integer.MAX_VALUE);
        assertEquals(2, changed.size(), "only getInputStream0() and getOutputStream() change");
        for (String[] method : changed) {
            String was = method[0];
            String is = method[1];
            String patch = is.startsWith("getInputStream0()Ljava/io/InputStream;:") ? GUARD
                    : is.startsWith("getOutputStream()Ljava/io/OutputStream;:") ? KEEP : null;
            assertTrue(patch != null, is);
            int returns = occurrences(was, " 176");
            assertTrue(returns >= 1, was);
            assertEquals(returns, occurrences(is, patch), is);
            assertEquals(was, is.replace(patch, " 176"), "nothing but the patch before each return");
        }
    }

    @Test
    void aClassWithoutTheMethodOrTheFieldsIsRefusedRatherThanLeftQuietlyUnguarded() throws Exception {
        byte[] other = ClassText.jdkClass("java.base", "java/net/HttpURLConnection");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new UrlConnectionHook().apply("java.net.HttpURLConnection", null, other));
        assertTrue(e.getMessage().startsWith("no field "), e.getMessage());
        assertTrue(e.getMessage().contains("http Lsun/net/www/http/HttpClient;"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" for getInputStream0() and getOutputStream() in java.net.HttpURLConnection"), e.getMessage());
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
