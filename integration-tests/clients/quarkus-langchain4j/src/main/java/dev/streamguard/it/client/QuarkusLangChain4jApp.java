package dev.streamguard.it.client;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkiverse.langchain4j.openai.QuarkusOpenAiStreamingChatModelBuilderFactory;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@link LangChain4jApp}'s OpenAI calls inside a running Quarkus application with the Quarkus LangChain4j
 * OpenAI provider, whose builder factory gives {@code OpenAiStreamingChatModel} the provider's client: the
 * Quarkus REST client, which reads the event stream from Vert.x's HttpClient. It refuses to run on any other
 * client, so that the tests cannot pass on the JDK client by mistake.
 * Usage: {@code QuarkusLangChain4jApp <callTimeoutMillis> <root-url>...}
 */
@QuarkusMain
public final class QuarkusLangChain4jApp implements QuarkusApplication {
    @Override
    public int run(String... args) {
        if (!(OpenAiStreamingChatModel.builder() instanceof QuarkusOpenAiStreamingChatModelBuilderFactory.Builder)) {
            throw new IllegalStateException("not the Quarkus LangChain4j OpenAI provider");
        }
        String[] withProvider = new String[args.length + 1];
        withProvider[0] = "openai";
        System.arraycopy(args, 0, withProvider, 1, args.length);
        LangChain4jApp.main(withProvider);
        return 0;
    }
}
