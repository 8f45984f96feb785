package dev.tft.transfer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a push may be received, once per connection after its header (and, for native
 * sessions, its SUMMARY) and before any payload is read. Called on a connection thread: must be
 * thread-safe, fast and must not block; a decision that needs a human is a {@link Hold}.
 */
@FunctionalInterface
public interface Admission {
    /** The decision for {@code push}. A throwing policy counts as a refusal (fail closed). */
    Decision decide(IncomingPush push);

    /** Admits everyone. */
    Admission ALLOW_ALL = push -> Decision.ADMIT;

    /** One of {@link Admit}, {@link Refuse}, {@link Hold}. */
    sealed interface Decision permits Admit, Refuse, Hold {
        /** Receive it now. */
        Decision ADMIT = new Admit();
    }

    /** Receive the push now. */
    record Admit() implements Decision {}

    /**
     * Refuse before any payload: native senders get REJECT DENIED with {@code reason} (one line,
     * sent to the peer: no secrets); legacy connections are closed.
     */
    record Refuse(String reason) implements Decision {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Hold the push: nothing is read from the connection (beyond the header and SUMMARY) and
     * nothing is written to disk until {@code outcome} completes: {@code true} receives it, {@code
     * false} refuses it with {@code refusal}. A native sender is told PENDING with {@code timeout};
     * if {@code outcome} has not completed by then (plus a little slack, the policy should complete
     * it itself) the push is refused. When the receiver gives up first (shutdown, timeout) it
     * cancels {@code outcome}, so the policy can forget the offer.
     */
    record Hold(CompletableFuture<Boolean> outcome, Duration timeout, String refusal)
            implements Decision {
        public Hold {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(refusal, "refusal");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }
}
