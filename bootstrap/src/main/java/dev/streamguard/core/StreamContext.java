package dev.streamguard.core;

import java.util.function.BooleanSupplier;

/** What the guard knows of a stream besides its bytes: where it comes from and what was asked. */
public final class StreamContext {
    private final String url;
    private final String client;
    private final byte[] requestBody;
    private final BooleanSupplier reactiveReader;
    private final TraceParent traceParent;
    private final StreamReportListener listener;
    private volatile RequestFacts requestFacts;

    /**
     * @param url         the request URL (for reports and URL patterns); may be null
     * @param client      the HTTP client that carried the stream, e.g. {@code jdk} or {@code okhttp}
     * @param requestBody the JSON the client sent, when it was cheap to read; null otherwise. Never logged.
     * @param listener    receives the report when the stream ends
     */
    public StreamContext(String url, String client, byte[] requestBody, StreamReportListener listener) {
        this(url, client, requestBody, () -> false, listener);
    }

    /**
     * @param reactiveReader whether the body goes on to a reactive framework (Reactor Netty's inbound, the
     *                       JDK HttpClient's body publisher), whose readers may drop what they do not know,
     *                       rather than to an SDK's own event parser; asked once, when the protocol is known
     */
    public StreamContext(String url, String client, byte[] requestBody, BooleanSupplier reactiveReader, StreamReportListener listener) {
        this(url, client, requestBody, null, reactiveReader, listener);
    }

    /** @param traceParent the trace context the request carried; null when it had none */
    public StreamContext(String url, String client, byte[] requestBody, TraceParent traceParent, BooleanSupplier reactiveReader,
                         StreamReportListener listener) {
        this.url = url;
        this.traceParent = traceParent;
        this.client = client;
        this.requestBody = requestBody;
        this.reactiveReader = reactiveReader;
        this.listener = listener == null ? StreamReportListener.NONE : listener;
    }

    public String url() {
        return url;
    }

    public String client() {
        return client;
    }

    /** The trace context the request carried, for the reports; null when it had none. */
    public TraceParent traceParent() {
        return traceParent;
    }

    /** Whether the body goes on to a reactive framework rather than to an SDK's own event parser. */
    public boolean reactiveReader() {
        return reactiveReader.getAsBoolean();
    }

    public StreamReportListener listener() {
        return listener;
    }

    /**
     * Whether the request asked an LLM for a streamed answer (its JSON says so, or the URL is Gemini's
     * streaming method): then the response must be an LLM stream (D32).
     */
    public boolean isLlmStreamingRequest() {
        return isGeminiRequest() || requestFacts().streamingChat();
    }

    /** Whether the request went to Gemini's streaming method: its URL names {@code :streamGenerateContent}. */
    public boolean isGeminiRequest() {
        return url != null && url.contains(":streamGenerateContent");
    }

    /** Whether the request went to an OpenAI Responses endpoint: its URL's path ends in {@code /responses}. */
    public boolean isResponsesRequest() {
        if (url == null) {
            return false;
        }
        int end = url.indexOf('?');
        String path = end < 0 ? url : url.substring(0, end);
        return path.endsWith("/responses");
    }

    /** The facts of the request (model, tool schemas), read from its body the first time they are needed. */
    public RequestFacts requestFacts() {
        RequestFacts facts = requestFacts;
        if (facts == null) {
            facts = RequestFacts.parse(requestBody);
            requestFacts = facts;
        }
        return facts;
    }
}
