package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * A request line sent by a client to the daemon. Each implementation validates itself, so a decoded
 * request is always well-formed; the constructors throw {@link IllegalArgumentException} (or {@link
 * NullPointerException} for nulls) with a message naming the bad field.
 */
public sealed interface ControlRequest
        permits ControlRequest.Status,
                ControlRequest.Peers,
                ControlRequest.Push,
                ControlRequest.Cancel,
                ControlRequest.Pending,
                ControlRequest.Accept,
                ControlRequest.Reject,
                ControlRequest.Open,
                ControlRequest.Trusted,
                ControlRequest.Trust,
                ControlRequest.Untrust,
                ControlRequest.History,
                ControlRequest.Pair,
                ControlRequest.Confirm {

    /** The wire name of this request's {@code op}. */
    String op();

    /** {@code {"op":"status"}}: the daemon's identity, uptime and active transfers. */
    record Status() implements ControlRequest {
        @Override
        public String op() {
            return "status";
        }
    }

    /** {@code {"op":"peers"}}: the peer table. */
    record Peers() implements ControlRequest {
        @Override
        public String op() {
            return "peers";
        }
    }

    /**
     * {@code {"op":"push","peer":...,"paths":[...]}}: send files and directories to a peer.
     *
     * @param peer a peer name or id prefix, or with {@code raw} a {@code HOST[:PORT]}; not blank
     * @param paths absolute local paths (start with {@code /}, no NUL); at least one; exactly one
     *     when {@code raw}
     * @param raw true for the seed's legacy header (one plain file to a plain receiver)
     */
    record Push(String peer, List<String> paths, boolean raw) implements ControlRequest {
        /** Validates and copies. */
        public Push {
            Objects.requireNonNull(peer, "peer");
            if (peer.isBlank()) {
                throw new IllegalArgumentException("peer must not be blank");
            }
            paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("paths must not be empty");
            }
            if (raw && paths.size() != 1) {
                throw new IllegalArgumentException(
                        "a raw push takes exactly one path, got " + paths.size());
            }
            for (String p : paths) {
                // A string check, not Path.of: under LANG=C, Path.of throws for non-ASCII names.
                if (!p.startsWith("/") || p.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("path must be absolute: \"" + p + "\"");
                }
            }
        }

        /** A normal (non-raw) push. */
        public Push(String peer, List<String> paths) {
            this(peer, paths, false);
        }

        @Override
        public String op() {
            return "push";
        }
    }

    /**
     * {@code {"op":"cancel","push":"p-7"}}: cancel a running push.
     *
     * @param push the push id from the {@code accepted} event; not blank
     */
    record Cancel(String push) implements ControlRequest {
        /** Validates. */
        public Cancel {
            Objects.requireNonNull(push, "push");
            if (push.isBlank()) {
                throw new IllegalArgumentException("push must not be blank");
            }
        }

        @Override
        public String op() {
            return "cancel";
        }
    }

    /** {@code {"op":"pending"}}: the pending offers, oldest first. */
    record Pending() implements ControlRequest {
        @Override
        public String op() {
            return "pending";
        }
    }

    /**
     * {@code {"op":"accept","offer":"o-3","trust":true}}: store a pending offer.
     *
     * @param offer the offer id, or {@code ""} for the only pending offer (the field is then left
     *     out; the daemon answers {@code ambiguous_offer} if several are pending, {@code no_offer}
     *     if none is)
     * @param trust also add the sender's key to the trust store, so its next pushes are stored
     *     without asking (a legacy offer cannot be trusted: {@code bad_request})
     */
    record Accept(String offer, boolean trust) implements ControlRequest {
        /** Validates. */
        public Accept {
            offerId(offer);
        }

        @Override
        public String op() {
            return "accept";
        }
    }

    /**
     * {@code {"op":"reject","offer":"o-3"}}: refuse a pending offer; the sender's push ends with
     * {@code rejected}.
     *
     * @param offer the offer id, or {@code ""} for the only pending offer (as for {@link Accept})
     */
    record Reject(String offer) implements ControlRequest {
        /** Validates. */
        public Reject {
            offerId(offer);
        }

        @Override
        public String op() {
            return "reject";
        }
    }

    /**
     * {@code {"op":"open","seconds":600}} or {@code {"op":"open","off":true}}: accept pushes from
     * anyone for a while, or end that window now.
     *
     * @param seconds the window's length, 1..{@link #MAX_SECONDS}; 0 ends the window ({@code
     *     "off":true} on the wire)
     */
    record Open(int seconds) implements ControlRequest {
        /** Longest open window: one day. */
        public static final int MAX_SECONDS = 86_400;

        /** Validates. */
        public Open {
            Checks.range(seconds, 0, MAX_SECONDS, "seconds");
        }

        /** The request that ends the open window. */
        public static Open close() {
            return new Open(0);
        }

        /** True if this ends the window rather than opening one. */
        public boolean off() {
            return seconds == 0;
        }

        @Override
        public String op() {
            return "open";
        }
    }

    /** {@code {"op":"trusted"}}: the trust store. */
    record Trusted() implements ControlRequest {
        @Override
        public String op() {
            return "trusted";
        }
    }

    /**
     * {@code {"op":"trust","peer":"bravo"}}: add the key that a peer presents now to the trust
     * store (trust on first use: the daemon connects to the peer and takes the key its TLS
     * handshake proves, not the one it announces).
     *
     * @param peer a peer name or id prefix, as for {@code push}; not blank
     */
    record Trust(String peer) implements ControlRequest {
        /** Validates. */
        public Trust {
            Checks.notBlank(peer, "peer");
        }

        @Override
        public String op() {
            return "trust";
        }
    }

    /**
     * {@code {"op":"untrust","peer":"bravo"}}: remove an entry from the trust store.
     *
     * @param peer the name, id or id prefix (at least 6 characters) of a trusted entry; not blank
     */
    record Untrust(String peer) implements ControlRequest {
        /** Validates. */
        public Untrust {
            Checks.notBlank(peer, "peer");
        }

        @Override
        public String op() {
            return "untrust";
        }
    }

    /**
     * {@code {"op":"history","limit":20}}: the most recent finished pushes, newest first.
     *
     * @param limit at most this many entries, 1..{@link #MAX_LIMIT}
     */
    record History(int limit) implements ControlRequest {
        /** The limit when the request has none. */
        public static final int DEFAULT_LIMIT = 20;

        /** Largest limit. */
        public static final int MAX_LIMIT = 10_000;

        /** Validates. */
        public History {
            Checks.range(limit, 1, MAX_LIMIT, "limit");
        }

        /** The {@link #DEFAULT_LIMIT} most recent entries. */
        public History() {
            this(DEFAULT_LIMIT);
        }

        @Override
        public String op() {
            return "history";
        }
    }

    /** An offer id, or "" for "the only pending offer"; never null or blank-but-not-empty. */
    private static void offerId(String offer) {
        Objects.requireNonNull(offer, "offer");
        if (!offer.isEmpty() && offer.isBlank()) {
            throw new IllegalArgumentException("offer must not be blank");
        }
    }

    /**
     * {@code {"op":"pair","peer":"bravo"}}: pair with PEER by a short code (both owners run it);
     * answered by a stream of {@link PairEvent}s, during which the client sends one {@link
     * Confirm}.
     */
    record Pair(String peer) implements ControlRequest {
        public Pair {
            Checks.notBlank(peer, "peer");
        }

        @Override
        public String op() {
            return "pair";
        }
    }

    /**
     * {@code {"op":"confirm","yes":true}}: the user's answer to the pairing code, sent on the
     * connection of a running {@link Pair} after its {@code code} event.
     */
    record Confirm(boolean yes) implements ControlRequest {
        @Override
        public String op() {
            return "confirm";
        }
    }
}
