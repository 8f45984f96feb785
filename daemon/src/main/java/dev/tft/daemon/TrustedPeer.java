package dev.tft.daemon;

import dev.tft.discovery.PeerId;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the trust store: a peer's key-derived id, with its name and key fingerprint as they
 * were when it was trusted, and when. The id is what is trusted; name and fingerprint are for
 * people (the fingerprint also lets a user compare keys by eye).
 */
record TrustedPeer(String id, String name, String fingerprint, Instant since) {
    TrustedPeer {
        if (!PeerId.isValid(id)) {
            throw new IllegalArgumentException("invalid peer id");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(since, "since");
        if (!PeerId.isFingerprint(fingerprint)) {
            throw new IllegalArgumentException("invalid fingerprint");
        }
        if (name.length() > 128) {
            throw new IllegalArgumentException("name longer than 128 characters");
        }
    }
}
