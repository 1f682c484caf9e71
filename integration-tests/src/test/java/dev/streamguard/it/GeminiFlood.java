package dev.streamguard.it;

/**
 * A glitched model's endless function call (G3) in Gemini's shape, as {@link StreamingServer} sends it for
 * {@code /flood/gemini/...}: a first chunk of text, then a chunk whose {@code functionCall} for get_weather has
 * {@code args} {@code {"city": "} followed by 64 KiB of {@code A} per write, without end. Gemini sends each function
 * call whole in one chunk, so the flood is one event that never ends.
 */
final class GeminiFlood {
    static final String START = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Checking.\"}],\"role\": \"model\"},\"index\": 0}],"
            + "\"usageMetadata\": {\"promptTokenCount\": 42,\"candidatesTokenCount\": 2,\"totalTokenCount\": 44},"
            + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"gm_f\"}\r\n\r\n"
            + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"get_weather\",\"args\": {\"city\": \"";
    static final String FRAGMENT = "A".repeat(Flood.FRAGMENT);

    private GeminiFlood() {
    }
}
