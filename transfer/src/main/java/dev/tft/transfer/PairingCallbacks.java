package dev.tft.transfer;

/**
 * The human side of one pairing: shows the code and returns the user's decision. On the initiator
 * ({@link Sender#pair}) it runs on the calling thread; on the responder on the receiver's
 * connection thread (one pairing, one thread, so an implementation need not be thread-safe).
 */
public interface PairingCallbacks {
    /**
     * Shows {@code code} and asks the user whether the other device shows the same; blocks until
     * they decide. {@code peerId} and {@code fingerprint} are the other side's, proved by its key.
     * The whole exchange must finish within {@link #TIMEOUT_SECONDS} of the responder's HELLO, so a
     * decision later than that is void (the session times out): wait with that bound. A throwing
     * implementation counts as a decline.
     *
     * @throws InterruptedException when the waiting thread is interrupted: the initiator fails with
     *     {@link TransferError#CANCELLED}, the responder declines
     */
    boolean confirm(String code, String peerId, String fingerprint) throws InterruptedException;

    /**
     * Responder only: the exchange ended with {@code result} (paired only if both users confirmed).
     * The initiator gets the result as {@link Sender#pair}'s return value instead.
     */
    default void finished(PairResult result) {}

    /**
     * Responder only: the exchange broke off after this side accepted (a commitment that did not
     * match, a timeout, a lost connection); nothing is paired.
     */
    default void failed(TransferError error, String message) {}

    /** Bound on the exchange after HELLO, humans included (2 minutes). */
    long TIMEOUT_SECONDS = 120;
}
