package dev.tft.daemon;

import dev.tft.transfer.Admission;
import dev.tft.transfer.IncomingPush;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The receiver's accept policy as an {@link Admission}: trusted peers (and this device's own key:
 * pushing to yourself) are admitted at once; while an {@code open} window runs everyone is;
 * otherwise {@link AcceptPolicy} decides ({@code anyone} admits, {@code trusted} refuses, {@code
 * ask} holds the push as a pending offer). Legacy pushes carry no key, so they are never "trusted":
 * they get through only with {@code anyone} or an open window, or when the owner accepts them.
 * Fails closed: anything unexpected refuses. Thread-safe.
 */
final class Consent implements Admission {
    /** How long an accepted (not trusted) push may come back, e.g. after BUSY, without asking. */
    static final Duration GRANT_TTL = Duration.ofMinutes(2);

    private final AcceptPolicy policy;
    private final TrustStore trust;
    private final PendingOffers pending;
    private final Clock clock;
    private final Consumer<PendingOffers.Offer> onHeld;
    private final String selfId;
    private final String selfName;
    private final Deque<Grant> grants = new ArrayDeque<>();
    private volatile Instant openUntil;

    /** An owner's "yes" to one push, valid for a retry of the very same push. */
    private record Grant(String who, long files, long bytes, Object names, Instant until) {}

    Consent(
            AcceptPolicy policy,
            TrustStore trust,
            PendingOffers pending,
            Clock clock,
            String selfId,
            String selfName,
            Consumer<PendingOffers.Offer> onHeld) {
        this.selfId = selfId;
        this.policy = policy;
        this.trust = trust;
        this.pending = pending;
        this.clock = clock;
        this.selfName = selfName;
        this.onHeld = onHeld;
    }

    AcceptPolicy policy() {
        return policy;
    }

    /** The end of the open window, if one runs now. */
    Optional<Instant> openUntil() {
        Instant u = openUntil;
        return u != null && clock.instant().isBefore(u) ? Optional.of(u) : Optional.empty();
    }

    /** Accepts pushes from anyone for {@code d} from now (replacing any running window). */
    Instant open(Duration d) {
        Instant u = clock.instant().plus(d);
        openUntil = u;
        return u;
    }

    /** Ends the open window now. */
    void close() {
        openUntil = null;
    }

    @Override
    public Decision decide(IncomingPush push) {
        if (!push.legacy() && (push.peerId().equals(selfId) || trust.contains(push.peerId()))) {
            return Decision.ADMIT;
        }
        if (openUntil().isPresent() || policy == AcceptPolicy.ANYONE) {
            return Decision.ADMIT;
        }
        if (policy == AcceptPolicy.TRUSTED) {
            return new Refuse(
                    selfName
                            + " takes pushes from trusted peers only (on "
                            + selfName
                            + ": tft trust, tft pair or tft open)");
        }
        if (takeGrant(push)) {
            return Decision.ADMIT;
        }
        Optional<PendingOffers.Offer> held = pending.hold(push);
        if (held.isEmpty()) {
            return new Refuse(
                    "too many pushes are waiting for the owner of " + selfName + "; try later");
        }
        onHeld.accept(held.get());
        return new Hold(
                held.get().outcome(),
                pending.timeout(),
                "the owner of "
                        + selfName
                        + " did not accept the push (rejected, or no answer within "
                        + pending.timeout().toMinutes()
                        + " minutes)");
    }

    /**
     * Remembers that the owner accepted {@code push}: if the same sender retries the very same push
     * within {@link #GRANT_TTL} (the receiver was busy), it is admitted without asking again.
     */
    synchronized void granted(IncomingPush push) {
        grants.addLast(
                new Grant(
                        who(push),
                        push.files(),
                        push.bytes(),
                        push.names(),
                        clock.instant().plus(GRANT_TTL)));
        while (grants.size() > 64) {
            grants.removeFirst();
        }
    }

    private synchronized boolean takeGrant(IncomingPush push) {
        Instant now = clock.instant();
        grants.removeIf(g -> !now.isBefore(g.until()));
        for (Grant g : grants) {
            if (g.who().equals(who(push))
                    && g.files() == push.files()
                    && g.bytes() == push.bytes()
                    && g.names().equals(push.names())) {
                grants.remove(g);
                return true;
            }
        }
        return false;
    }

    private static String who(IncomingPush push) {
        return push.legacy()
                ? "legacy@" + push.from().getAddress().getHostAddress()
                : push.peerId();
    }
}
