package dev.tft.discovery.mdns;

/**
 * Receives what the mDNS nodes observe. Called on a JmDNS listener thread (one per node): an
 * implementation must be fast, must not block or do I/O, and must not throw.
 */
public interface SightingSink {
    /** A service was resolved or re-resolved (may repeat, TXT may be incomplete). */
    void sighted(ServiceSighting sighting);

    /** The service with this instance name sent a goodbye or its records expired. */
    void removed(String instanceName, String via);
}
