package dev.tft.transfer;

/**
 * Decides whether this receiver takes part in a pairing the peer started (part A §11), once per
 * request, after the session header and the initiator's COMMIT, before anything is sent back.
 * Called on a connection thread: must be thread-safe, fast and must not block (the human part runs
 * later, in the returned {@link PairingCallbacks}).
 */
@FunctionalInterface
public interface PairingResponder {
    /**
     * The callbacks that run this pairing, or null to refuse it with {@link #refusal}. The daemon
     * accepts only if its user ran {@code tft pair} for this very peer within the last 2 minutes. A
     * throwing responder counts as a refusal (fail closed).
     */
    PairingCallbacks accept(IncomingPair pair);

    /**
     * The one-line reason sent with REJECT {@code DENIED} when {@link #accept} returned null (sent
     * to the peer: no secrets), e.g. "bravo's owner has not run tft pair (yet)".
     */
    default String refusal(IncomingPair pair) {
        return "this receiver does not take pairing requests";
    }

    /** Refuses every pairing request: the responder of {@link Receiver#start} without one. */
    PairingResponder REFUSE_ALL = pair -> null;
}
