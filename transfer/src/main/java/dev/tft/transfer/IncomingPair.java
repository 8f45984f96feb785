package dev.tft.transfer;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A pairing request as the {@link PairingResponder} sees it, before any nonce is exchanged. {@code
 * peerId} and {@code fingerprint} were proved by the initiator's key in the TLS handshake; {@code
 * peerName} is its self-chosen display name (peer-controlled: escape before display).
 */
public record IncomingPair(
        String peerId, String fingerprint, String peerName, InetSocketAddress from) {
    public IncomingPair {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(peerName, "peerName");
        Objects.requireNonNull(from, "from");
        if (peerId.isEmpty() || fingerprint.isEmpty()) {
            throw new IllegalArgumentException("a pairing peer always has a key");
        }
    }
}
