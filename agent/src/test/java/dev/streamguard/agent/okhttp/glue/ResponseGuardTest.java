package dev.streamguard.agent.okhttp.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.config.ConfigLoader;
import dev.streamguard.core.StreamReport;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OkHttp's glue deciding which responses it guards, on responses built with OkHttp's own API (no socket). The
 * runtime is process-global: the module runs each test class in its own JVM.
 */
class ResponseGuardTest {
    private static final String URL = "http://127.0.0.1:1/v1/chat/completions";
    private static final String STREAM = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";
    private static final List<String> INTERNAL_ERRORS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void installRuntime() {
        assertTrue(StreamGuardRuntime.install(ConfigLoader.load("", new Properties(), Map.of()), new StreamGuardRuntime.Host() {
            @Override
            public void onReport(StreamReport report) {
            }

            @Override
            public void onUnguarded(String client, String url, String reason) {
            }

            @Override
            public void onInternalError(String where, Throwable error) {
                INTERNAL_ERRORS.add(where + ": " + error);
            }
        }, (request, handler) -> handler), "the runtime was already installed in this JVM");
    }

    @AfterEach
    void noInternalErrors() {
        assertEquals(List.of(), INTERNAL_ERRORS);
    }

    @Test
    void aResponseThatIsNotAnEventStreamGoesOnAsItCameWithoutItsTypeParsed() throws IOException {
        CountingBody body = new CountingBody("application/json", "{\"ok\":true}");
        Response response = response("application/json", body);

        assertSame(response, new ResponseGuard().guarded(call(), response));
        assertEquals(0, body.typeAsked.get(), "the body's content type was parsed");
    }

    @Test
    void anEventStreamIsGuardedAndItsBodyAsksTheOriginalForItsTypeOnlyWhenTheApplicationDoes() throws IOException {
        CountingBody body = new CountingBody("text/event-stream", STREAM);
        Response response = response("text/event-stream; charset=utf-8", body);

        Response guarded = (Response) new ResponseGuard().guarded(call(), response);

        assertNotSame(response, guarded);
        assertEquals(0, body.typeAsked.get(), "the body's content type was parsed before the application asked");
        assertNull(guarded.header("Content-Length"));
        assertEquals(-1L, guarded.body().contentLength());
        assertEquals(MediaType.get("text/event-stream"), guarded.body().contentType());
        assertEquals(1, body.typeAsked.get());
        assertArrayEquals(STREAM.getBytes(StandardCharsets.UTF_8), guarded.body().bytes());
    }

    @Test
    void aBodyWithoutAContentTypeHeaderIsJudgedByTheTypeItReports() throws IOException {
        String cut = STREAM.substring(0, STREAM.indexOf("data: {", 10));
        CountingBody body = new CountingBody("text/event-stream", cut);
        Response response = response(null, body);

        Response guarded = (Response) new ResponseGuard().guarded(call(), response);

        assertNotSame(response, guarded);
        IOException failure = assertThrows(IOException.class, () -> guarded.body().bytes());
        assertTrue(failure.getMessage().startsWith("streamguard:"), failure.getMessage());
    }

    private static Call call() {
        return new OkHttpClient().newCall(new Request.Builder().url(URL).build());
    }

    private static Response response(String contentTypeHeader, ResponseBody body) {
        Response.Builder builder = new Response.Builder().request(new Request.Builder().url(URL).build()).protocol(Protocol.HTTP_1_1)
                .code(200).message("OK").body(body);
        if (contentTypeHeader != null) {
            builder.header("Content-Type", contentTypeHeader);
        }
        return builder.build();
    }

    /** A body that counts how often it is asked for its type, which OkHttp's own body parses at each call. */
    private static final class CountingBody extends ResponseBody {
        final AtomicInteger typeAsked = new AtomicInteger();
        private final String type;
        private final Buffer content;

        CountingBody(String type, String content) {
            this.type = type;
            this.content = new Buffer().writeUtf8(content);
        }

        @Override
        public MediaType contentType() {
            typeAsked.incrementAndGet();
            return MediaType.get(type);
        }

        @Override
        public long contentLength() {
            return content.size();
        }

        @Override
        public BufferedSource source() {
            return content;
        }
    }
}
