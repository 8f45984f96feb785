package dev.tft.transfer;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Who is on the other end of a receive: {@code id} is the peer id proved by the TLS handshake
 * (derived from the key it holds; empty for the seed's legacy form, which has no key), {@code
 * fingerprint} the hex SHA-256 of that key (empty for legacy), {@code name} its self-chosen display
 * name (peer-controlled: escape before printing, empty for legacy), and the remote address.
 */
record RemotePeer(String id, String fingerprint, String name, InetAddress address) {
    RemotePeer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }

    /** A legacy sender: no key, so no id and no name. */
    static RemotePeer legacy(InetAddress address) {
        return new RemotePeer("", "", "", address);
    }
}
