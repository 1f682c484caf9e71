package dev.streamguard.it;

import java.util.Map;
import java.util.Set;

/** What each Gemini client's application sees of each stream without the agent (see {@link ProtocolExpectations}). */
final class GeminiExpectations {
    private static final String PARTIAL = "completed text=Let me check. notes=[response gm_1]";
    private static final String OVERLOADED = "error com.google.genai.errors.ServerException: 503 UNAVAILABLE. The model is overloaded. Please try again later.";
    private static final String OUT_OF_MEMORY = "regex:error java\\.lang\\.OutOfMemoryError: Java heap space( <- .*)?";

    static final ProtocolExpectations EXPECTATIONS = new ProtocolExpectations(Map.of(
            // google-genai hands each chunk over as it is parsed: a body that ends before any finishReason ends the
            // iteration like a whole one, and a chunk cut off inside fails to parse. It raises an error chunk as its
            // own ServerException (with the agent too: the chunk goes out before the guard's failure). A connection
            // held open after the last chunk ends in its 5 s timeout, after the function call was handed over.
            GeminiClient.GOOGLE_GENAI, Map.ofEntries(
                    Map.entry("g1-cut-before-call", PARTIAL),
                    Map.entry("g1-cut-mid-chunk", "error com.google.genai.errors.GenAiIOException: Failed to parse the JSON string."
                            + " <- cause: com.fasterxml.jackson.core.io.JsonEOFException: Unexpected end-of-input…"),
                    Map.entry("g2-error-mid-stream", OVERLOADED),
                    Map.entry("compliant-function-call+stall", "regex:error com\\.google\\.genai\\.errors\\.GenAiIOException: Failed to read next"
                            + " JSON object from the stream <- cause: " + SdkExpectations.TIMEOUT + " tools=\\[null get_weather \\{\"city\":\"Paris\"\\}\\]"),
                    // It reads a chunk as one line, however long.
                    Map.entry("flood", OUT_OF_MEMORY)),
            // LangChain4j completes with what it collected whenever the body ends, skips a chunk it cannot parse,
            // ignores an error chunk, and waits for the body's end after the last chunk.
            GeminiClient.LANGCHAIN4J, Map.ofEntries(
                    Map.entry("g1-cut-before-call", PARTIAL),
                    Map.entry("g1-cut-mid-chunk", PARTIAL),
                    Map.entry("g2-error-mid-stream", PARTIAL),
                    Map.entry("compliant-function-call+stall", "hang"),
                    Map.entry("flood", OUT_OF_MEMORY + "|hang"))),
            Set.of(GeminiClient.GOOGLE_GENAI, GeminiClient.LANGCHAIN4J),
            Map.of(GeminiClient.GOOGLE_GENAI, Set.of("g2-error-mid-stream")));

    private GeminiExpectations() {
    }
}
