package dev.streamguard.agent.jdk;

import java.io.InputStream;
import java.lang.reflect.Constructor;
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
 * that is not possible, or a JDK lays it out differently, {@code ofLines} gets the push adapter instead.
 *
 * <p>The guard's mapping is made as the JDK makes its own ({@code ofLines}): trusted not to block, which the
 * guard's set-up does not. {@code BodySubscribers.mapping}, the public way, cannot say so, and the HttpClient
 * then calls every such response's {@code getBody} on its executor: a task handed to another thread for every
 * stream, which a response read as the application asked would not cost.
 */
final class InputStreamSubscribers {
    static final String PACKAGE = "jdk.internal.net.http";
    private static final String INPUT_STREAM = PACKAGE + ".ResponseSubscribers$HttpResponseInputStream";
    private static final String MAPPING = PACKAGE + ".ResponseSubscribers$MappingSubscriber";
    private static final Class<?> MAPPING_CLASS = mappingClass();
    private static final Field UPSTREAM = mappingField("upstream");
    private static final Field MAPPER = mappingField("mapper");
    /** Whether the mapper is trusted not to block; null on a JDK before trusted subscribers. */
    private static final Field TRUSTED = mappingField("trusted");
    /** Its constructor that takes whether the mapper is trusted not to block, or null. */
    private static final Constructor<?> TRUSTED_MAPPING = trustedMapping();

    private InputStreamSubscribers() {
    }

    /** The subscriber with {@code guard} applied to the InputStream it reads, or null if it reads none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> HttpResponse.BodySubscriber<T> guard(HttpResponse.BodySubscriber<T> subscriber, UnaryOperator<InputStream> guard) {
        String type = subscriber.getClass().getName();
        if (type.equals(INPUT_STREAM)) {
            return (HttpResponse.BodySubscriber<T>) mapping((HttpResponse.BodySubscriber<InputStream>) subscriber, guard, true);
        }
        if (type.equals(MAPPING) && UPSTREAM != null && MAPPER != null) {
            try {
                Object upstream = UPSTREAM.get(subscriber);
                if (upstream != null && upstream.getClass().getName().equals(INPUT_STREAM)) {
                    HttpResponse.BodySubscriber<InputStream> guarded = mapping((HttpResponse.BodySubscriber<InputStream>) upstream, guard, true);
                    boolean trusted = TRUSTED != null && TRUSTED.getBoolean(subscriber);
                    return (HttpResponse.BodySubscriber<T>) mapping(guarded, (Function) MAPPER.get(subscriber), trusted);
                }
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * {@code upstream}'s body mapped by {@code mapper}, as the JDK's own mapping subscriber with {@code trusted} when its
     * constructor can be called, else as {@code BodySubscribers.mapping} makes it (not trusted).
     */
    @SuppressWarnings("unchecked")
    private static <T, U> HttpResponse.BodySubscriber<U> mapping(HttpResponse.BodySubscriber<T> upstream, Function<? super T, ? extends U> mapper,
                                                                 boolean trusted) {
        if (TRUSTED_MAPPING != null) {
            try {
                return (HttpResponse.BodySubscriber<U>) TRUSTED_MAPPING.newInstance(upstream, mapper, trusted);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // As the public call makes it, below.
            }
        }
        return HttpResponse.BodySubscribers.mapping(upstream, mapper);
    }

    private static Class<?> mappingClass() {
        try {
            return Class.forName(MAPPING, false, HttpResponse.class.getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Field mappingField(String name) {
        if (MAPPING_CLASS == null) {
            return null;
        }
        try {
            Field field = MAPPING_CLASS.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Constructor<?> trustedMapping() {
        if (MAPPING_CLASS == null) {
            return null;
        }
        try {
            Constructor<?> c = MAPPING_CLASS.getDeclaredConstructor(HttpResponse.BodySubscriber.class, Function.class, boolean.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
