package dev.tft.transfer;

import java.util.Objects;

/**
 * The outcome of a pairing, on either side. {@code paired} is true only if both users confirmed the
 * same {@code code}; only then may the caller store the peer as trusted. {@code peerId} and {@code
 * fingerprint} are the other side's, derived from the key it proved in the TLS handshake.
 */
public record PairResult(boolean paired, String peerId, String fingerprint, String code) {
    public PairResult {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(code, "code");
        if (!code.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("code is not 6 digits");
        }
    }
}
