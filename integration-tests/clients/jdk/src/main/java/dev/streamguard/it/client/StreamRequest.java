package dev.streamguard.it.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** One stream to read: {@code url} or {@code url::request.json} on the command line (POST either way). */
public final class StreamRequest {
    public final String url;
    public final String json;

    private StreamRequest(String url, String json) {
        this.url = url;
        this.json = json;
    }

    public static List<StreamRequest> parse(String[] args, int from) throws IOException {
        List<StreamRequest> out = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            int sep = args[i].indexOf("::");
            String url = sep < 0 ? args[i] : args[i].substring(0, sep);
            String json = sep < 0 ? "{\"model\":\"test-model\",\"stream\":true}"
                    : new String(Files.readAllBytes(Paths.get(args[i].substring(sep + 2))), StandardCharsets.UTF_8);
            out.add(new StreamRequest(url, json));
        }
        return out;
    }
}
