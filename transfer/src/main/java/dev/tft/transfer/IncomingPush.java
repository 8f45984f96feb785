package dev.tft.transfer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A push asking to be received, as the {@link Admission} policy sees it before any payload is read.
 * {@code peerId} was proved by the sender's key in the TLS handshake (empty for the seed's legacy
 * form, which has no key) and {@code fingerprint} is the hex SHA-256 of that key; {@code peerName}
 * and {@code names} are peer-controlled text (escape before display). {@code files} counts files,
 * not directories; {@code names} are up to three top-level names (the legacy form's one file name).
 */
public record IncomingPush(
        String peerId,
        String fingerprint,
        String peerName,
        InetSocketAddress from,
        boolean legacy,
        long files,
        long bytes,
        List<String> names) {
    public IncomingPush {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(peerName, "peerName");
        Objects.requireNonNull(from, "from");
        names = List.copyOf(names);
        if (files < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative files or bytes");
        }
        if (legacy != peerId.isEmpty()) {
            throw new IllegalArgumentException(
                    "a legacy push has no peer id, a native one has one");
        }
    }
}
