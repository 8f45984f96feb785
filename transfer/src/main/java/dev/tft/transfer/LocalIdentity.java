package dev.tft.transfer;

import dev.tft.transfer.wire.SessionHeader;

/**
 * Who this tft instance is on the wire: a stable peer id (1–64 of {@code [A-Za-z0-9._:-]}) and a
 * display name (0–128 UTF-8 bytes, no control characters). Invalid values throw {@link
 * IllegalArgumentException}.
 */
public record LocalIdentity(String peerId, String displayName) {
    public LocalIdentity {
        SessionHeader.checkIdentity(peerId, displayName);
    }
}
