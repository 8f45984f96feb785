package dev.tft.discovery.mdns;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One resolved {@code _tft._tcp} service as JmDNS reported it, not yet validated: instance name,
 * raw TXT pairs (keys lower-cased, values decoded as UTF-8), addresses (link-local IPv6 ones carry
 * the scope of the interface they were seen on), SRV port, and the name of the local interface the
 * node that saw it is bound to. Peer-controlled: every string may be hostile.
 */
public record ServiceSighting(
        String instanceName,
        Map<String, String> txt,
        List<InetAddress> addresses,
        int port,
        String via) {
    public ServiceSighting {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(via, "via");
        txt = Map.copyOf(txt);
        addresses = List.copyOf(addresses);
    }
}
