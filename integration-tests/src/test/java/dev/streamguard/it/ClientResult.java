package dev.streamguard.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a client application saw of one stream, parsed from its output. */
final class ClientResult {
    /** Everything the application read, or, when it was large, its digest ({@code sha256:hex length}). */
    String read = "";
    /** The bytes read, when they were printed inline. */
    byte[] bytes = new byte[0];
    final List<String> events = new ArrayList<>();
    String errorClass;
    String errorMessage;
    /** Response headers the client noted, by lower-case name (a null value: absent). */
    final Map<String, String> headers = new java.util.HashMap<>();
    /** How long the stream took, from its request to its end. */
    long millis = -1;

    static Map<Integer, ClientResult> parse(List<String> lines) {
        Map<Integer, ClientResult> results = new TreeMap<>();
        ClientResult current = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "RESULT":
                    current = new ClientResult();
                    results.put(Integer.parseInt(f[1]), current);
                    break;
                case "BYTES":
                    current.bytes = Base64.getDecoder().decode(f[1]);
                    current.read = new String(current.bytes, StandardCharsets.UTF_8);
                    break;
                case "SHA256":
                    current.read = "sha256:" + f[2] + " " + f[1];
                    break;
                case "EVENT":
                    current.events.add(text(f[1]) + "|" + (f[2].startsWith("sha256:") ? f[2] : text(f[2])));
                    break;
                case "ERROR":
                    current.errorClass = f[1];
                    current.errorMessage = text(f[2]);
                    break;
                case "HEADER":
                    current.headers.put(text(f[1]).toLowerCase(java.util.Locale.ROOT), f[2].equals("-") ? null : text(f[2]));
                    break;
                case "MILLIS":
                    current.millis = Long.parseLong(f[1]);
                    break;
                default:
            }
        }
        return results;
    }

    private static String text(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** How {@link #read} looks for these bytes: the text itself, or its digest when over 64 KiB. */
    static String readForm(byte[] bytes) {
        if (bytes.length <= 64 * 1024) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return "sha256:" + sha256(bytes) + " " + bytes.length;
    }

    static String eventForm(String type, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return (type == null ? "" : type) + "|" + (d.length > 4096 ? "sha256:" + sha256(d) : data);
    }

    static String sha256(byte[] b) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte x : java.security.MessageDigest.getInstance("SHA-256").digest(b)) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "read=" + (read.length() > 300 ? read.substring(0, 300) + "..." : read) + " events=" + events
                + " error=" + errorClass + ": " + errorMessage;
    }
}
