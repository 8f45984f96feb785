package dev.tft.transfer;

/**
 * Progress of one {@link Sender#push}. Called on the pushing thread: must be fast and must not
 * throw (a throwing listener is ignored). Sizes and offsets are bytes; {@code name} is the relative
 * path offered.
 */
public interface TransferListener {
    /**
     * The receiver holds the push for its owner's decision (it said PENDING); it will answer within
     * {@code timeoutSeconds}. Called before any {@link #fileStarted}.
     */
    default void waiting(long timeoutSeconds) {}

    /** A file starts streaming at {@code offset} (non-zero when resuming). */
    default void fileStarted(String name, long size, long offset) {}

    /** Bytes sent of the current file and of the whole push (resumed prefixes count as sent). */
    default void progress(long fileBytes, long fileSize, long totalBytes, long totalSize) {}

    /** The receiver verified and published a file under {@code storedName}. */
    default void fileStored(String name, String storedName, long size) {}

    /** Ignores every event. */
    TransferListener NONE = new TransferListener() {};
}
