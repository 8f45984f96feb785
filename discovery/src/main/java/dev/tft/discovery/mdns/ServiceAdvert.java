package dev.tft.discovery.mdns;

import java.util.Map;
import java.util.Objects;

/**
 * What one node publishes: the DNS-SD instance name, the transfer port and the TXT pairs.
 * Immutable; the TXT map is copied. Validation of the values is the caller's job (the discovery
 * layer owns the TXT schema, see PROTOCOL.md part B).
 */
public record ServiceAdvert(String instanceName, int port, Map<String, String> txt) {
    /** DNS-SD service type of tft. */
    public static final String SERVICE_TYPE = "_tft._tcp.local.";

    public ServiceAdvert {
        Objects.requireNonNull(instanceName, "instanceName");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        txt = Map.copyOf(txt);
    }
}
