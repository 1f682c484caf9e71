package dev.streamguard.agent.jdk;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Recognises the JDK's own InputStream-based subscribers ({@code ofInputStream}, and {@code ofLines} which
 * maps one), so that the guard can sit between that InputStream and the application as a pull adapter:
 * the application then reads every byte before a failure and gets the failure itself. Pushed through such
 * a subscriber, a failure would discard what it still queued and surface as {@code IOException("closed")}.
 * Reading the JDK's mapping subscriber needs its package opened to the agent (done at installation); when
 * that is not possible, or a JDK lays it out differently, the push adapter is used instead.
 */
final class InputStreamSubscribers {
    static final String PACKAGE = "jdk.internal.net.http";
    private static final String INPUT_STREAM = PACKAGE + ".ResponseSubscribers$HttpResponseInputStream";
    private static final String MAPPING = PACKAGE + ".ResponseSubscribers$MappingSubscriber";
    private static final Field[] MAPPING_FIELDS = mappingFields();

    private InputStreamSubscribers() {
    }

    /** The subscriber with {@code guard} applied to the InputStream it reads, or null if it reads none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> HttpResponse.BodySubscriber<T> guard(HttpResponse.BodySubscriber<T> subscriber, UnaryOperator<InputStream> guard) {
        String type = subscriber.getClass().getName();
        if (type.equals(INPUT_STREAM)) {
            return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.mapping(
                    (HttpResponse.BodySubscriber<InputStream>) subscriber, guard::apply);
        }
        if (type.equals(MAPPING) && MAPPING_FIELDS != null) {
            try {
                Object upstream = MAPPING_FIELDS[0].get(subscriber);
                if (upstream != null && upstream.getClass().getName().equals(INPUT_STREAM)) {
                    HttpResponse.BodySubscriber<InputStream> guarded = HttpResponse.BodySubscribers.mapping(
                            (HttpResponse.BodySubscriber<InputStream>) upstream, guard::apply);
                    return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.mapping(guarded,
                            (Function) MAPPING_FIELDS[1].get(subscriber));
                }
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    private static Field[] mappingFields() {
        try {
            Class<?> mapping = Class.forName(MAPPING, false, HttpResponse.class.getClassLoader());
            Field upstream = mapping.getDeclaredField("upstream");
            Field mapper = mapping.getDeclaredField("mapper");
            upstream.setAccessible(true);
            mapper.setAccessible(true);
            return new Field[] {upstream, mapper};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
