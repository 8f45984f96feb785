package dev.tft.transfer;

import dev.tft.transfer.tls.DeviceIdentity;
import dev.tft.transfer.wire.SessionHeader;

import java.util.Objects;

/**
 * Who this tft instance is on the wire: its device identity (key pair and certificate; the peer id
 * is derived from the key, so no one can claim it without the key) and a display name (0–128 UTF-8
 * bytes, no control characters). Invalid values throw {@link IllegalArgumentException}.
 */
public record LocalIdentity(DeviceIdentity device, String displayName) {
    public LocalIdentity {
        Objects.requireNonNull(device, "device");
        SessionHeader.checkIdentity(device.peerId(), displayName);
    }

    /** The key-derived peer id. */
    public String peerId() {
        return device.peerId();
    }
}
