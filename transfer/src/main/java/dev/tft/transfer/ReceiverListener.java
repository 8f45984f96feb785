package dev.tft.transfer;

import java.util.List;

/**
 * Events of a {@link Receiver}. Called on connection threads, possibly concurrently:
 * implementations must be thread-safe, fast, must not block and must not throw (a throwing listener
 * is logged and ignored).
 */
public interface ReceiverListener {
    /** A file (not a directory) was published and acknowledged. */
    default void fileReceived(ReceivedFile f) {}

    /**
     * A file failed; {@code file} is the offered relative path, {@code message} one line (escape
     * it).
     */
    default void transferFailed(
            String peerName, String file, TransferError error, String message) {}

    /**
     * A push ended: once per push that passed its header (legacy or native), after its last file,
     * also when the admission policy refused it. {@code stored} lists the files published in it
     * (possibly some before a failure); {@code error} is null when every offered file was stored,
     * else what ended it ({@link TransferError#DENIED} for a refusal by policy); {@code message} is
     * one line (peer text escaped) or empty.
     */
    default void pushEnded(
            IncomingPush push, List<ReceivedFile> stored, TransferError error, String message) {}

    /** Ignores every event. */
    ReceiverListener NONE = new ReceiverListener() {};
}
