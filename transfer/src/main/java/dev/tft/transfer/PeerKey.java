package dev.tft.transfer;

import java.util.Objects;

/**
 * The key a receiver proved in a TLS handshake: its key-derived peer id and the full fingerprint
 * (hex SHA-256 of its public key).
 */
public record PeerKey(String peerId, String fingerprint) {
    public PeerKey {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
