package dev.tft.discovery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one peer-table entry.
 *
 * @param id the peer's TXT {@code id}; null only for a static peer ({@code isStatic}) that has not
 *     been matched to an mDNS announcement yet
 * @param fingerprint the peer's device key fingerprint from TXT {@code fp} (64 lowercase hex
 *     digits, and {@code id} is derived from it), or "" if unknown: a static peer not matched yet,
 *     or a peer that announced no {@code fp} or one that does not match its id. A hint for people
 *     comparing keys, not proof: only the TLS handshake proves a peer holds the key
 * @param name display name, already cleaned by {@link SafeText} and at most {@link #MAX_NAME} code
 *     points; for an unmatched static peer, the configured host
 * @param addresses IPv4 and IPv6 addresses (link-local IPv6 ones carry their scope), best first;
 *     may be empty for a static peer whose host did not resolve
 * @param port the transfer port (SRV port), 1..65535
 * @param version protocol version from TXT {@code version} ("" if unknown), cleaned, bounded
 * @param os TXT {@code os} ("" if unknown), cleaned, bounded
 * @param firstSeen when this entry was created (injected clock)
 * @param lastSeen last announcement or successful probe
 * @param state liveness now
 * @param nameConflict another live entry has the same name (case-insensitive)
 * @param isStatic configured as a static peer ({@code host[:port]})
 */
public record Peer(
        PeerId id,
        String fingerprint,
        String name,
        List<InetAddress> addresses,
        int port,
        String version,
        String os,
        Instant firstSeen,
        Instant lastSeen,
        PeerState state,
        boolean nameConflict,
        boolean isStatic) {

    /** Maximum length of {@link #name} in code points (one DNS label is at most 63 bytes). */
    public static final int MAX_NAME = 63;

    /** Maximum length of {@link #version} and {@link #os} in code points. */
    public static final int MAX_SHORT = 32;

    public Peer {
        if (id == null && !isStatic) {
            throw new IllegalArgumentException("only a static peer may lack an id");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!fingerprint.isEmpty() && (id == null || !id.matchesFingerprint(fingerprint))) {
            throw new IllegalArgumentException("fingerprint does not match the id: " + id);
        }
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(state, "state");
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME + " code points");
        }
    }
}
