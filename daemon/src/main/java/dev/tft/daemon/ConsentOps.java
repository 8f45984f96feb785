package dev.tft.daemon;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlRequest;
import dev.tft.control.HistoryEntryView;
import dev.tft.control.OfferView;
import dev.tft.control.PeerRef;
import dev.tft.control.PolicyView;
import dev.tft.control.TrustedView;
import dev.tft.discovery.Discovery;
import dev.tft.discovery.Resolution;
import dev.tft.transfer.IncomingPush;
import dev.tft.transfer.PeerKey;
import dev.tft.transfer.Sender;
import dev.tft.transfer.TransferException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The control requests of consent and trust: pending offers, accept/reject, the open window, the
 * trust store and the history. Each returns one reply line. Runs on the client's thread; the only
 * slow one is {@code trust PEER}, which makes one TLS handshake to learn the key.
 */
final class ConsentOps {
    private static final Logger log = LoggerFactory.getLogger(ConsentOps.class);

    private final Consent consent;
    private final PendingOffers pending;
    private final TrustStore trust;
    private final History history;
    private final Discovery discovery;
    private final Sender sender;
    private final Clock clock;

    ConsentOps(
            Consent consent,
            PendingOffers pending,
            TrustStore trust,
            History history,
            Discovery discovery,
            Sender sender,
            Clock clock) {
        this.consent = consent;
        this.pending = pending;
        this.trust = trust;
        this.history = history;
        this.discovery = discovery;
        this.sender = sender;
        this.clock = clock;
    }

    /** The reply line for {@code r}, or null if {@code r} is not a consent request. */
    String handle(ControlRequest r) {
        if (r instanceof ControlRequest.Pending) {
            return ControlCodec.offers(pending.list().stream().map(this::view).toList());
        } else if (r instanceof ControlRequest.Accept a) {
            return decide(a.offer(), true, a.trust());
        } else if (r instanceof ControlRequest.Reject j) {
            return decide(j.offer(), false, false);
        } else if (r instanceof ControlRequest.Open o) {
            if (o.off()) {
                consent.close();
                log.info("open window closed");
            } else {
                log.info("accepting pushes from anyone for {} s (tft open)", o.seconds());
                consent.open(Duration.ofSeconds(o.seconds()));
            }
            return ControlCodec.policy(policy());
        } else if (r instanceof ControlRequest.Trusted) {
            return ControlCodec.trusted(trust.all().stream().map(ConsentOps::view).toList());
        } else if (r instanceof ControlRequest.Trust t) {
            return trustNow(t.peer());
        } else if (r instanceof ControlRequest.Untrust u) {
            return untrust(u.peer());
        } else if (r instanceof ControlRequest.History h) {
            return ControlCodec.history(
                    history.newest(h.limit()).stream().map(ConsentOps::view).toList());
        }
        return null;
    }

    PolicyView policy() {
        return new PolicyView(consent.policy().wireName(), consent.openUntil().orElse(null));
    }

    private String decide(String offerId, boolean accept, boolean alsoTrust) {
        PendingOffers.Offer o;
        try {
            o = pending.find(offerId == null || offerId.isEmpty() ? null : offerId);
        } catch (PendingOffers.NoOfferException e) {
            ControlError.Code code =
                    (offerId == null || offerId.isEmpty()) && e.pending.size() > 1
                            ? ControlError.Code.AMBIGUOUS_OFFER
                            : ControlError.Code.NO_OFFER;
            return ControlCodec.error(new ControlError(code, e.getMessage(), e.pending));
        }
        IncomingPush p = o.push();
        if (alsoTrust && p.legacy()) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.BAD_REQUEST,
                            "a legacy push has no key to trust: tft accept "
                                    + o.id()
                                    + " without --trust"));
        }
        if (accept && alsoTrust) {
            try {
                trust.add(
                        new TrustedPeer(
                                p.peerId(),
                                safeName(p.peerName()),
                                p.fingerprint(),
                                clock.instant()));
                log.info(
                        "trusting {} [{}] (tft accept --trust)",
                        Log.safe(p.peerName()),
                        p.peerId());
            } catch (IOException e) {
                return ControlCodec.error(
                        new ControlError(
                                ControlError.Code.INTERNAL,
                                "could not save the trust store: " + e.getMessage()));
            }
        }
        if (accept) {
            consent.granted(p);
        }
        OfferView v = view(o);
        if (!o.outcome().complete(accept)) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.NO_OFFER,
                            "offer " + o.id() + " ended meanwhile (timed out or the sender left)",
                            List.of()));
        }
        log.info(
                "{} offer {} (tft {})",
                accept ? "accepted" : "rejected",
                o.id(),
                accept ? "accept" : "reject");
        return ControlCodec.offer(v);
    }

    /** Trust on first use: the key PEER proves in a TLS handshake now. */
    private String trustNow(String query) {
        Resolution r = discovery.resolve(query);
        if (!(r instanceof Resolution.Found found)) {
            return ControlCodec.error(ControlErrors.of(r));
        }
        PeerKey key;
        try {
            key = sender.identify(found.address());
        } catch (TransferException e) {
            return ControlCodec.error(ControlErrors.of(e, query));
        }
        if (found.peer() != null
                && found.peer().id() != null
                && !found.peer().id().value().equals(key.peerId())) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.REJECTED,
                            found.address()
                                    + " did not prove it is "
                                    + Log.safe(found.peer().name())
                                    + " (key mismatch): nothing was trusted"));
        }
        String name = found.peer() != null ? found.peer().name() : query;
        try {
            TrustedPeer t =
                    trust.add(
                            new TrustedPeer(
                                    key.peerId(),
                                    safeName(name),
                                    key.fingerprint(),
                                    clock.instant()));
            log.info("trusting {} [{}] (tft trust)", Log.safe(name), key.peerId());
            return ControlCodec.trusted(List.of(view(t)));
        } catch (IOException e) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.INTERNAL,
                            "could not save the trust store: " + e.getMessage()));
        }
    }

    private String untrust(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        List<TrustedPeer> matches =
                trust.all().stream()
                        .filter(
                                t ->
                                        t.id().equals(q)
                                                || t.name().toLowerCase(Locale.ROOT).equals(q)
                                                || (q.length() >= 6 && t.id().startsWith(q)))
                        .toList();
        List<String> names = trust.all().stream().map(TrustedPeer::name).toList();
        if (matches.isEmpty()) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.NOT_TRUSTED,
                            "no trusted peer matches '"
                                    + Log.safe(query)
                                    + "' (tft trust lists them)",
                            names));
        }
        if (matches.size() > 1) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.AMBIGUOUS_PEER,
                            "several trusted peers match '" + Log.safe(query) + "': name one by id",
                            matches.stream().map(t -> t.name() + " " + t.id()).toList()));
        }
        try {
            TrustedPeer gone = trust.remove(matches.get(0).id()).orElseThrow();
            log.info("no longer trusting {} [{}] (tft untrust)", Log.safe(gone.name()), gone.id());
            return ControlCodec.trusted(List.of(view(gone)));
        } catch (IOException e) {
            return ControlCodec.error(
                    new ControlError(
                            ControlError.Code.INTERNAL,
                            "could not save the trust store: " + e.getMessage()));
        }
    }

    private static String safeName(String name) {
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    private OfferView view(PendingOffers.Offer o) {
        IncomingPush p = o.push();
        return new OfferView(
                o.id(),
                new PeerRef(
                        p.legacy() ? "" : p.peerName(),
                        p.peerId(),
                        p.from().getAddress().getHostAddress() + ":" + p.from().getPort()),
                p.legacy(),
                (int) Math.min(Integer.MAX_VALUE, p.files()),
                p.bytes(),
                p.names(),
                pending.ageSeconds(o),
                pending.expiresInSeconds(o));
    }

    private static TrustedView view(TrustedPeer t) {
        return new TrustedView(t.id(), t.name(), t.fingerprint(), t.since());
    }

    private static HistoryEntryView view(HistoryEntry e) {
        return new HistoryEntryView(
                e.time(),
                e.direction().name().toLowerCase(Locale.ROOT),
                new PeerRef(e.peerName(), e.peerId(), e.address()),
                e.legacy(),
                e.files(),
                e.bytes(),
                e.result().name().toLowerCase(Locale.ROOT),
                e.stored(),
                e.message());
    }
}
