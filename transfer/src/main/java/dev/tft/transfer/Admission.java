package dev.tft.transfer;

import java.net.InetAddress;

/**
 * Decides whether a peer may push at all (answered with DENIED otherwise). Called on a connection
 * thread once per connection, after the header: must be thread-safe, fast and non-blocking. Legacy
 * pushes have an empty peer id and name.
 */
@FunctionalInterface
public interface Admission {
    /**
     * True to let {@code peerId} (as claimed in its header: not authenticated) from {@code from}
     * push.
     */
    boolean admit(String peerId, String peerName, InetAddress from);

    /** Admits everyone. */
    Admission ALLOW_ALL = (id, name, from) -> true;
}
