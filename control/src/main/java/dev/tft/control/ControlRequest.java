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
                ControlRequest.Cancel {

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
}
