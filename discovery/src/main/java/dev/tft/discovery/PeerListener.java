package dev.tft.discovery;

import java.util.List;

/**
 * Told when the peer table changes.
 *
 * <p>Contract: called on the single discovery event thread ({@code tft-discovery-events}), never on
 * a JmDNS thread and never while the table lock is held. Calls are serialised and coalesced:
 * several changes in a burst may produce one call carrying the newest snapshot, so a listener must
 * treat each call as "this is the whole truth now", not as a delta. Implementations must be fast
 * and must not block; an exception is logged and does not stop other listeners. Calling {@link
 * Discovery} methods from here is allowed.
 */
@FunctionalInterface
public interface PeerListener {

    /** Does nothing. */
    PeerListener NONE = snapshot -> {};

    /**
     * @param snapshot every peer in the table, sorted as {@link Discovery#peers()} sorts them
     */
    void peersChanged(List<Peer> snapshot);
}
