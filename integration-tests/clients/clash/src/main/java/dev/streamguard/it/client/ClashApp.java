package dev.streamguard.it.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.net.http.HttpClient;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that carries its own, old, versions of what the agent shades, and uses each of them: it
 * reads every stream through the JDK HttpClient (ofString) and OkHttp (execute), parses what it read with
 * its own jackson-core 2.9, makes a class with its own Byte Buddy 1.10 and logs through SLF4J 1.7 with
 * Logback as the binding. Usage: {@code ClashApp <url>...}; stream i is result 2i (JDK) and 2i+1 (OkHttp).
 *
 * <p>Prints {@code JACKSON version jar}, {@code BYTEBUDDY made-class-output jar}, {@code LOGGER-FACTORY class},
 * {@code PROPS} (the system properties under the libraries' names, which the agent must not set), the
 * results in the ClientOutput format, {@code PARSED i names=... arguments=...} (the tool names and argument
 * fragments its Jackson found, joined), and one Logback line.
 */
public final class ClashApp {
    private static final Logger LOG = LoggerFactory.getLogger(ClashApp.class);

    private ClashApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("JACKSON " + com.fasterxml.jackson.core.json.PackageVersion.VERSION + " " + jar(JsonFactory.class));
        Object made = new ByteBuddy(ClassFileVersion.JAVA_V8).subclass(Object.class).name("dev.streamguard.it.client.Made")
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made-by-the-application"))
                .make().load(ClashApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded()
                .getDeclaredConstructor().newInstance();
        System.out.println("BYTEBUDDY " + made + " " + jar(ByteBuddy.class));
        System.out.println("LOGGER-FACTORY " + LoggerFactory.getILoggerFactory().getClass().getName());
        TreeSet<String> props = new TreeSet<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("net.bytebuddy") || name.startsWith("org.slf4j") || name.startsWith("com.fasterxml")
                    || name.startsWith("logback")) {
                props.add(name);
            }
        }
        System.out.println("PROPS " + props);

        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        OkHttpClient ok = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
        List<StreamRequest> requests = StreamRequest.parse(args, 0);
        JsonFactory json = new JsonFactory();
        for (int i = 0; i < requests.size(); i++) {
            for (int k = 0; k < 2; k++) {
                int index = 2 * i + k;
                ClientOutput.begin(index);
                StringBuilder read = new StringBuilder();
                try {
                    if (k == 0) {
                        read.append(jdk.send(JdkClientApp.request(requests.get(i)), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                    } else {
                        try (okhttp3.Response response = ok.newCall(okRequest(requests.get(i))).execute()) {
                            java.io.InputStream in = response.body().byteStream();
                            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                            try {
                                in.transferTo(out);
                            } finally {
                                read.append(out.toString(java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }
                    }
                } catch (Throwable t) {
                    ClientOutput.error(t);
                }
                ClientOutput.text(read.toString());
                ClientOutput.end(index);
                System.out.println("PARSED " + index + " " + parse(json, read.toString()));
            }
        }
        ok.dispatcher().executorService().shutdown();
        ok.connectionPool().evictAll();
        LOG.info("read {} streams with jackson-core {}", 2 * requests.size(), com.fasterxml.jackson.core.json.PackageVersion.VERSION);
    }

    /** The tool names and argument fragments in the data events of a body, joined, as the application's Jackson reads them. */
    static String parse(JsonFactory json, String body) throws java.io.IOException {
        StringBuilder names = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        for (String line : body.split("\r\n|\r|\n")) {
            if (!line.startsWith("data:") || line.contains("[DONE]")) {
                continue;
            }
            try (JsonParser p = json.createParser(line.substring(5))) {
                for (JsonToken t; (t = p.nextToken()) != null; ) {
                    if (t == JsonToken.FIELD_NAME) {
                        String field = p.getCurrentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.VALUE_STRING && field.equals("name")) {
                            names.append(p.getText());
                        } else if (v == JsonToken.VALUE_STRING && (field.equals("arguments") || field.equals("partial_json"))) {
                            arguments.append(p.getText());
                        }
                    }
                }
            }
        }
        return "names=" + names + " arguments=" + arguments;
    }

    @SuppressWarnings("deprecation")
    private static okhttp3.Request okRequest(StreamRequest r) {
        return new okhttp3.Request.Builder().url(r.url).header("Authorization", "Bearer " + ClientOutput.SECRET)
                .post(okhttp3.RequestBody.create(okhttp3.MediaType.parse("application/json"), r.json)).build();
    }

    private static String jar(Class<?> c) {
        String path = c.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
