package dev.tft.transfer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and as whom a {@link Receiver} listens. {@code bindAddress} may use port 0 (tests) and any
 * IPv4/IPv6 address; {@code inbox} must be an existing directory when the receiver starts. All
 * components non-null.
 */
public record ReceiverConfig(
        InetSocketAddress bindAddress, Path inbox, LocalIdentity self, ReceiverLimits limits) {
    public ReceiverConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(limits, "limits");
    }
}
