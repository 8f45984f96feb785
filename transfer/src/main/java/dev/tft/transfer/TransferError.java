package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;

/**
 * Why a transfer failed: the one error enum of the transfer boundary. Constants with a wire code
 * travel in REJECT/FAILED frames ({@link #wireCode()} &gt; 0); the others are detected locally by
 * the sender. This enum is the only place that maps wire codes to Java errors.
 */
public enum TransferError {
    /** The name or a path component fails the name policy (PATH-* cases). */
    BAD_NAME(Protocol.E_BAD_NAME),
    /** Above the receiver's maximum file size. */
    TOO_LARGE(Protocol.E_TOO_LARGE),
    /** The receiver's free space minus its reserve cannot hold the file. */
    NO_SPACE(Protocol.E_NO_SPACE),
    /**
     * The receiver has no free transfer slot (or the resumable file is in use by another
     * connection).
     */
    BUSY(Protocol.E_BUSY),
    /** The receiver's policy refuses this peer. */
    DENIED(Protocol.E_DENIED),
    /** The session header was garbage or malformed. */
    BAD_HEADER(Protocol.E_BAD_HEADER),
    /** The receiver does not speak our protocol version. */
    UNSUPPORTED_VERSION(Protocol.E_UNSUPPORTED_VERSION),
    /** The bytes stored did not match the sender's checksum. */
    CHECKSUM_MISMATCH(Protocol.E_CHECKSUM_MISMATCH),
    /** The payload ended before its declared size. */
    INCOMPLETE(Protocol.E_INCOMPLETE),
    /** The receiver (or sender) failed to read, write, sync or publish. */
    IO_ERROR(Protocol.E_IO_ERROR),
    /** A malformed or out-of-order frame. */
    PROTOCOL_ERROR(Protocol.E_PROTOCOL_ERROR),
    /** A deadline or idle timeout expired. */
    TIMEOUT(Protocol.E_TIMEOUT),
    /** The receiver does not know the checksum algorithm. */
    UNSUPPORTED_CHECKSUM(Protocol.E_UNSUPPORTED_CHECKSUM),
    /** The receiver is shutting down. */
    SHUTTING_DOWN(Protocol.E_SHUTTING_DOWN),
    /** A native session was sent without TLS; the receiver only takes native pushes over TLS. */
    TLS_REQUIRED(Protocol.E_TLS_REQUIRED),
    /**
     * Local: the receiver's key is not the key of the peer the sender meant (an impostor, or a peer
     * that changed its identity). Nothing was sent.
     */
    IDENTITY_MISMATCH(0),
    /**
     * Local: the TLS handshake failed (the other end is not a TLS-speaking tft, or refused our
     * certificate). Nothing was sent.
     */
    TLS_FAILED(0),
    /** Local: the TCP connection could not be established. */
    CONNECT_FAILED(0),
    /** Local: the connection broke before the receiver answered. */
    CONNECTION_LOST(0),
    /** Local: the pushing thread was interrupted. */
    CANCELLED(0),
    /** Local: a source file changed (size or mtime) while it was being sent. */
    SOURCE_CHANGED(0),
    /** Local: a source file or directory could not be read. */
    SOURCE_UNREADABLE(0),
    /** Local: the other end answered with something that is not the tft protocol. */
    NOT_TFT(0),
    /** The receiver sent an error code this version does not know. */
    UNKNOWN_REMOTE_ERROR(0);

    private final int wireCode;

    TransferError(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The u16 code sent in REJECT/FAILED frames, or 0 if this error is never sent. */
    public int wireCode() {
        return wireCode;
    }

    /**
     * The error for a received wire code; {@link #UNKNOWN_REMOTE_ERROR} for codes this version does
     * not know.
     */
    public static TransferError fromWire(int code) {
        for (TransferError e : values()) {
            if (e.wireCode == code && code != 0) {
                return e;
            }
        }
        return UNKNOWN_REMOTE_ERROR;
    }
}
