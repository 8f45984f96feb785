package dev.tft.control;

import java.util.Objects;

/**
 * The other side of an offer or of a history entry, as the daemon knew it at the time. Every field
 * comes from the network: escape it before printing.
 *
 * @param name the peer's name, {@code ""} if unknown (always for a legacy push, which carries no
 *     identity)
 * @param id the peer's key-derived id (part B <i>Identity</i>), {@code ""} if unknown (always for a
 *     legacy push)
 * @param address the remote {@code host:port} ({@code [v6]:port} for IPv6), {@code ""} if none was
 *     reached
 */
public record PeerRef(String name, String id, String address) {

    /** Validates. */
    public PeerRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
