package dev.streamguard.it.client;

import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.spring.restclient.SpringRestClientBuilder;
import dev.langchain4j.http.client.spring.restclient.SpringRestClientBuilderFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;

/**
 * {@link LangChain4jApp} with LangChain4j's HTTP client chosen as a Spring application without the starters
 * chooses it: Spring's {@code RestClient} (langchain4j-http-client-spring-restclient), whose request factory
 * Spring Boot detects from the class path, here Apache HttpClient 5. The JDK client stays on the class path, as
 * the models bring it, so the choice is named by LangChain4j's system property.
 * It refuses to run on any other client, so that the tests cannot pass on the JDK client by mistake.
 * Usage as {@link LangChain4jApp}.
 */
public final class LangChain4jRestClientApp {
    private LangChain4jRestClientApp() {
    }

    public static void main(String[] args) {
        System.setProperty("langchain4j.http.clientBuilderFactory", SpringRestClientBuilderFactory.class.getName());
        if (!(HttpClientBuilderLoader.loadHttpClientBuilder() instanceof SpringRestClientBuilder)
                || !(ClientHttpRequestFactoryBuilder.detect() instanceof HttpComponentsClientHttpRequestFactoryBuilder)) {
            throw new IllegalStateException("not LangChain4j on Spring's RestClient on Apache HttpClient 5");
        }
        LangChain4jApp.main(args);
    }
}
