package dev.tft.daemon;

/**
 * An invalid flag, environment variable or config-file key; the message names the key and says what
 * is allowed.
 */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
