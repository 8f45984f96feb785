package dev.tft.daemon;

/**
 * Tells the local user about pushes: a push waiting to be accepted, a push received.
 *
 * <p>Contract for every implementation: calls are made on transfer and control threads, so they
 * return at once, never block, never throw and never fail the transfer; a notification that cannot
 * be shown is dropped. Arguments are peer-controlled text, unescaped: the implementation escapes
 * them (see {@link dev.tft.control.Escape}) and bounds their length before showing them.
 * Thread-safe.
 */
interface Notifier extends AutoCloseable {
    /** Shows nothing. */
    Notifier NONE =
            new Notifier() {
                @Override
                public void pending(String peerLabel, int files, long bytes, String firstName) {}

                @Override
                public void received(String peerLabel, int files, String firstStoredName) {}

                @Override
                public String toString() {
                    return "Notifier.NONE";
                }
            };

    /**
     * A push from {@code peerLabel} waits for the user: "alpha wants to send report.pdf (3 MB): tft
     * accept", or "alpha wants to send 3 files (12 MB): tft accept".
     *
     * @param peerLabel the sender's name as shown to the user (peer text)
     * @param files files offered
     * @param bytes their total size
     * @param firstName the first offered name (peer text), shown when {@code files} is 1
     */
    void pending(String peerLabel, int files, long bytes, String firstName);

    /**
     * A push from {@code peerLabel} was stored: "received report.pdf from alpha", or "received
     * report.pdf and 2 more files from alpha".
     *
     * @param peerLabel the sender's name as shown to the user (peer text)
     * @param files files stored
     * @param firstStoredName the name the first file was stored under (peer-chosen text)
     */
    void received(String peerLabel, int files, String firstStoredName);

    /** Stops showing notifications and releases any thread. Idempotent; never throws. */
    @Override
    default void close() {}
}
