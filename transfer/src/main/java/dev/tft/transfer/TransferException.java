package dev.tft.transfer;

import java.io.IOException;
import java.util.Objects;

/**
 * A failed push, with a machine-readable {@link #error()}. The message is one line and may contain
 * text the receiver sent: escape it before printing.
 */
public final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    private final TransferError error;

    /** A failure of kind {@code error}. */
    public TransferException(TransferError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** A failure of kind {@code error} caused by {@code cause}. */
    public TransferException(TransferError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** Why the push failed; never null. */
    public TransferError error() {
        return error;
    }
}
