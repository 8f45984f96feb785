package dev.tft.discovery;

/** Liveness of a peer as this daemon believes it now (see PROTOCOL.md part B, Liveness). */
public enum PeerState {
    /** Announced or probed recently and its last transfer-port probe (if any) succeeded. */
    UP,
    /** Its last probe failed, or it has been silent longer than the suspect threshold. */
    SUSPECT,
    /** Said goodbye, failed 3 probes in a row, or silent too long; kept 60 s, then forgotten. */
    GONE
}
