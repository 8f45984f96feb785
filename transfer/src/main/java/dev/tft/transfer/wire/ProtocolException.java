package dev.tft.transfer.wire;

import java.io.IOException;

/**
 * Bytes that violate the transfer protocol. {@link #wireCode()} is the error code a receiver
 * answers with (one of {@code Protocol.E_*}). The message names the field and the bad value; it may
 * contain peer bytes and must be escaped before it is logged.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int wireCode;

    /** A violation answered with {@code wireCode}. */
    public ProtocolException(int wireCode, String message) {
        super(message);
        this.wireCode = wireCode;
    }

    /** The wire error code that describes this violation. */
    public int wireCode() {
        return wireCode;
    }
}
