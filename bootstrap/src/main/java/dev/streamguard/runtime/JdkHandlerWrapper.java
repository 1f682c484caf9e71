package dev.streamguard.runtime;

/**
 * Wraps a JDK {@code HttpResponse.BodyHandler}. Implemented in the agent jar, which can see
 * {@code java.net.http}; the boot class path cannot, so types here are {@code Object}.
 */
public interface JdkHandlerWrapper {
    /** Returns a handler that guards event streams and otherwise behaves as {@code handler}. */
    Object wrap(Object request, Object handler);
}
