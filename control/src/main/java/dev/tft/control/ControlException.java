package dev.tft.control;

import java.util.Objects;

/**
 * A control-protocol failure carrying a {@link ControlError}: thrown by the decoders for malformed
 * input ({@link ControlError.Code#BAD_REQUEST}, {@link ControlError.Code#UNKNOWN_OP}) and usable by
 * the daemon to carry any code up to the place that writes the error line.
 */
public final class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The error; records are serializable only if their components are, so keep it transient. */
    private final transient ControlError error;

    /** Wraps {@code error}; its message becomes this exception's message. */
    public ControlException(ControlError error) {
        super(Objects.requireNonNull(error, "error").message());
        this.error = error;
    }

    /** Convenience for {@code new ControlException(new ControlError(code, message))}. */
    public ControlException(ControlError.Code code, String message) {
        this(new ControlError(code, message));
    }

    /** Returns the carried error, never null. */
    public ControlError error() {
        return error;
    }

    /** Returns the carried error's code, never null. */
    public ControlError.Code code() {
        return error.code();
    }
}
