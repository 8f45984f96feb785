package dev.tft.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the daemon's peer table as shown to clients. All strings except {@code state} and
 * {@code source} come from the network: escape them before printing.
 *
 * @param name the peer's advertised name
 * @param id the peer's stable id
 * @param fingerprint the peer's device key fingerprint as announced (64 lowercase hex digits, and
 *     the id is derived from it), or "" if unknown (a static peer, a peer that announced none or a
 *     bad one, or a daemon older than 0.2). A hint for comparing keys; not proof of anything
 * @param addresses IP literals (IPv6 may carry a {@code %scope}); may be empty
 * @param port the transfer port, 0..65535
 * @param os the advertised OS, empty if unknown
 * @param version the advertised protocol version, empty if unknown
 * @param state {@code up}, {@code suspect} or {@code gone}
 * @param firstSeen when first seen, or null if never (a static peer not yet seen)
 * @param lastSeen when last seen, or null if never
 * @param conflict true if another peer advertises the same name
 * @param source {@code mdns} or {@code static}
 * @param trusted true if the peer's key is in this daemon's trust store (false when read from a
 *     daemon older than 0.3, which has none)
 */
public record PeerView(
        String name,
        String id,
        String fingerprint,
        List<String> addresses,
        int port,
        String os,
        String version,
        String state,
        Instant firstSeen,
        Instant lastSeen,
        boolean conflict,
        String source,
        boolean trusted) {

    /** Validates and copies. */
    public PeerView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Checks.fingerprint(fingerprint, "fingerprint");
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        Checks.port(port, "port");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A peer that is not trusted: the constructor of 0.2, kept so that code written before the
     * trust store compiles.
     *
     * @deprecated pass {@code trusted} explicitly
     */
    @Deprecated
    public PeerView(
            String name,
            String id,
            String fingerprint,
            List<String> addresses,
            int port,
            String os,
            String version,
            String state,
            Instant firstSeen,
            Instant lastSeen,
            boolean conflict,
            String source) {
        this(
                name,
                id,
                fingerprint,
                addresses,
                port,
                os,
                version,
                state,
                firstSeen,
                lastSeen,
                conflict,
                source,
                false);
    }
}
