package dev.tft.discovery;

import dev.tft.discovery.mdns.ServiceSighting;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated mDNS sighting of a tft peer: the seam between the JmDNS adapter and {@link
 * PeerTable}. Tests build these directly. Immutable.
 *
 * @param instanceName DNS-SD instance name (bounded, cleaned)
 * @param fingerprint TXT {@code fp} if it is a well-formed fingerprint that {@code id} is derived
 *     from, else ""
 * @param via local interface the sighting arrived on
 */
record Announcement(
        String instanceName,
        PeerId id,
        String fingerprint,
        String name,
        List<InetAddress> addresses,
        int port,
        String version,
        String os,
        String via) {

    /** TXT keys (PROTOCOL.md part B). {@code fp} is the device key's fingerprint. */
    static final String KEY_ID = "id";

    static final String KEY_VERSION = "version";
    static final String KEY_NAME = "name";
    static final String KEY_OS = "os";
    static final String KEY_FINGERPRINT = "fp";

    Announcement {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!fingerprint.isEmpty() && !id.matchesFingerprint(fingerprint)) {
            throw new IllegalArgumentException("fingerprint does not match the id " + id);
        }
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no addresses");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(via, "via");
    }

    /**
     * Validates a raw sighting. Empty when it is not (yet) a usable tft announcement: no valid
     * {@code id} (JmDNS's first resolve often has an empty TXT, jmdns#220; foreign services without
     * our keys are refused), no address, or a bad port. All text is cleaned and bounded here. A
     * {@code fp} that is malformed or does not match the {@code id} is dropped (the announcement is
     * kept, with an empty fingerprint): see {@link #rejectsFingerprint}.
     */
    static Optional<Announcement> from(ServiceSighting s) {
        String id = s.txt().get(KEY_ID);
        if (!PeerId.isValid(id) || s.addresses().isEmpty() || s.port() < 1 || s.port() > 65535) {
            return Optional.empty();
        }
        String instance = SafeText.clean(s.instanceName(), Peer.MAX_NAME);
        String name = SafeText.clean(s.txt().getOrDefault(KEY_NAME, "").strip(), Peer.MAX_NAME);
        PeerId peerId = new PeerId(id);
        String fp = s.txt().get(KEY_FINGERPRINT);
        return Optional.of(
                new Announcement(
                        instance,
                        peerId,
                        peerId.matchesFingerprint(fp) ? fp : "",
                        name.isEmpty() ? instance : name,
                        s.addresses(),
                        s.port(),
                        SafeText.clean(s.txt().getOrDefault(KEY_VERSION, ""), Peer.MAX_SHORT),
                        SafeText.clean(s.txt().getOrDefault(KEY_OS, ""), Peer.MAX_SHORT),
                        s.via()));
    }

    /**
     * True if {@code s} carried a TXT {@code fp} that this announcement (parsed from {@code s}) did
     * not accept: malformed, or not the fingerprint its id derives from. Absence (or an empty
     * value) is not rejection.
     */
    boolean rejectsFingerprint(ServiceSighting s) {
        String fp = s.txt().get(KEY_FINGERPRINT);
        return fp != null && !fp.equals(fingerprint);
    }
}
