package dev.tft.transfer;

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

    /** Ignores every event. */
    ReceiverListener NONE = new ReceiverListener() {};
}
