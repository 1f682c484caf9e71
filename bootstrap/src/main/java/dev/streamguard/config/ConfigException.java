package dev.streamguard.config;

/** A setting whose value cannot be used; the message names the setting, the value and where it came from. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
