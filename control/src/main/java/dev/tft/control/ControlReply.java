package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * A one-line reply to any request but {@code push}, as decoded by {@link
 * ControlCodec#decodeReply(String)}. Which kind a successful reply is follows from its one payload
 * field: {@code peers}, {@code status}, {@code offers}, {@code offer}, {@code policy}, {@code
 * trusted} or {@code history}; none is {@link Ok}.
 */
public sealed interface ControlReply
        permits ControlReply.Ok,
                ControlReply.PeerList,
                ControlReply.StatusReply,
                ControlReply.OfferList,
                ControlReply.OfferReply,
                ControlReply.PolicyReply,
                ControlReply.TrustedList,
                ControlReply.HistoryList,
                ControlReply.Failure {

    /** {@code {"ok":true}} (the reply to {@code cancel}). */
    record Ok() implements ControlReply {}

    /**
     * {@code {"ok":true,"peers":[...]}}.
     *
     * @param peers the peer table, in the daemon's order
     */
    record PeerList(List<PeerView> peers) implements ControlReply {
        /** Copies. */
        public PeerList {
            peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        }
    }

    /**
     * {@code {"ok":true,"status":{...}}}.
     *
     * @param status the daemon status
     */
    record StatusReply(StatusView status) implements ControlReply {
        /** Validates. */
        public StatusReply {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * {@code {"ok":true,"offers":[...]}}: the reply to {@code pending}.
     *
     * @param offers the pending offers, oldest first; possibly empty
     */
    record OfferList(List<OfferView> offers) implements ControlReply {
        /** Copies. */
        public OfferList {
            offers = List.copyOf(Objects.requireNonNull(offers, "offers"));
        }
    }

    /**
     * {@code {"ok":true,"offer":{...}}}: the reply to {@code accept} and {@code reject}.
     *
     * @param offer the offer acted on, as it was just before
     */
    record OfferReply(OfferView offer) implements ControlReply {
        /** Validates. */
        public OfferReply {
            Objects.requireNonNull(offer, "offer");
        }
    }

    /**
     * {@code {"ok":true,"policy":{...}}}: the reply to {@code open}.
     *
     * @param policy the policy now in force
     */
    record PolicyReply(PolicyView policy) implements ControlReply {
        /** Validates. */
        public PolicyReply {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * {@code {"ok":true,"trusted":[...]}}: the reply to {@code trusted} (the whole trust store),
     * {@code trust} (the entry added) and {@code untrust} (the entry removed).
     *
     * @param trusted the entries; exactly one for {@code trust} and {@code untrust}
     */
    record TrustedList(List<TrustedView> trusted) implements ControlReply {
        /** Copies. */
        public TrustedList {
            trusted = List.copyOf(Objects.requireNonNull(trusted, "trusted"));
        }
    }

    /**
     * {@code {"ok":true,"history":[...]}}: the reply to {@code history}.
     *
     * @param history finished pushes, newest first, at most the requested limit
     */
    record HistoryList(List<HistoryEntryView> history) implements ControlReply {
        /** Copies. */
        public HistoryList {
            history = List.copyOf(Objects.requireNonNull(history, "history"));
        }
    }

    /**
     * {@code {"ok":false,"error":{...}}}.
     *
     * @param error the error
     */
    record Failure(ControlError error) implements ControlReply {
        /** Validates. */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
