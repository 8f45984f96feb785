package dev.tft.control;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An error as carried on the control wire: a stable code, a one-line human message (what went wrong
 * and what to do next), and optional candidates (peer names or offer ids, depending on the code).
 *
 * @param code the machine-readable code
 * @param message a single line for humans; may contain peer-controlled text, so escape it before
 *     printing it to a terminal ({@link Escape#forTerminal(String)})
 * @param candidates peer names for {@link Code#UNKNOWN_PEER} (known peers) and {@link
 *     Code#AMBIGUOUS_PEER} (matching peers), offer ids for {@link Code#NO_OFFER} (pending offers)
 *     and {@link Code#AMBIGUOUS_OFFER} (pending offers), trusted peer names for {@link
 *     Code#NOT_TRUSTED}; empty otherwise, never null
 */
public record ControlError(Code code, String message, List<String> candidates) {

    /**
     * Error codes of control protocol v1. The wire form is the lower_snake name; never rename or
     * reorder, add new codes at the end.
     */
    public enum Code {
        /** Malformed line, wrong types, line too long, nesting too deep. */
        BAD_REQUEST,
        /** "op" not known to this daemon. */
        UNKNOWN_OP,
        /** No peer matches; candidates are the known peer names. */
        UNKNOWN_PEER,
        /** Several peers match; candidates are the matching names. */
        AMBIGUOUS_PEER,
        /** Could not connect, or the peer is gone. */
        PEER_UNREACHABLE,
        /** The receiver refused (bad name, too large, no space, denied, unsupported version...). */
        REJECTED,
        /** Receiver or daemon at its limit; retry later. */
        BUSY,
        /** Connection lost, timeout, checksum mismatch, protocol error mid-transfer. */
        TRANSFER_FAILED,
        /** A local path is missing, unreadable, not a regular file/directory, or changed. */
        SOURCE_ERROR,
        /** The push was cancelled. */
        CANCELLED,
        /** cancel: no such push. */
        NOT_FOUND,
        /** Wrong uid on the socket. */
        PERMISSION_DENIED,
        /** A bug; the daemon logged details. */
        INTERNAL,
        /** accept/reject: no pending offer, or none with that id; candidates are the offer ids. */
        NO_OFFER,
        /**
         * accept/reject without an id while several offers are pending; candidates are their ids.
         */
        AMBIGUOUS_OFFER,
        /** untrust: nothing in the trust store matches; candidates are the trusted names. */
        NOT_TRUSTED;

        /** Returns the wire form, e.g. {@code "unknown_peer"}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a wire name.
         *
         * @throws IllegalArgumentException if {@code wire} is not a v1 code (the message names it)
         */
        public static Code fromWire(String wire) {
            Objects.requireNonNull(wire, "wire");
            for (Code c : values()) {
                if (c.wireName().equals(wire)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown error code \"" + wire + "\"");
        }
    }

    /** Validates and copies; a null {@code candidates} becomes the empty list. */
    public ControlError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** An error without candidates. */
    public ControlError(Code code, String message) {
        this(code, message, List.of());
    }
}
