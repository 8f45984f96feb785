package dev.tft.discovery.mdns;

import java.net.InetAddress;
import java.util.Objects;

/** A local address one JmDNS node binds to, and the name of its interface. Immutable. */
public record BindAddress(InetAddress address, String interfaceName) {
    public BindAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "%" + interfaceName;
    }
}
