package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * A one-line reply to {@code status}, {@code peers} or {@code cancel}, as decoded by {@link
 * ControlCodec#decodeReply(String)}.
 */
public sealed interface ControlReply
        permits ControlReply.Ok,
                ControlReply.PeerList,
                ControlReply.StatusReply,
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
