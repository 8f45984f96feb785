package dev.tft.discovery;

import java.io.IOException;
import java.util.List;

/**
 * Finds tft peers on the LAN and keeps a live table of them. See PROTOCOL.md part B.
 *
 * <p>Thread-safe: every method may be called from any thread. {@link #start()} once, then {@link
 * #close()} once (idempotent).
 */
public interface Discovery extends AutoCloseable {

    /**
     * Binds the mDNS sockets, publishes us, starts browsing, probing and interface re-scans.
     * Returns after socket setup; announcement and discovery continue in the background.
     *
     * @throws IOException if no mDNS socket could be opened at all
     * @throws IllegalStateException if already started or closed
     */
    void start() throws IOException;

    /**
     * Snapshot of the table, ourselves excluded, sorted by state (UP, SUSPECT, GONE), then name
     * (case-insensitive), then id. Includes GONE entries until they are forgotten.
     */
    List<Peer> peers();

    /**
     * Resolves a user's destination: exact name (case-insensitive), then a unique name prefix, then
     * a peer id (exact or unique prefix of at least 6 chars), then {@code host[:port]} or an IP
     * literal. GONE peers never match. May block on a DNS lookup for a host name; never call it
     * from a JmDNS or listener thread.
     */
    Resolution resolve(String query);

    /** Adds a listener (see {@link PeerListener} for the threading contract). */
    void addListener(PeerListener listener);

    /**
     * Sends goodbyes and releases everything: about 0.2 s, at most 2 s. Idempotent, never throws.
     */
    @Override
    void close();
}
