package dev.tft.daemon;

import dev.tft.discovery.DiscoveryConfig;
import dev.tft.transfer.Receiver;
import dev.tft.transfer.ReceiverLimits;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's complete, validated configuration: defaults, then the config file, then the
 * environment, then flags (see {@link ConfigLoader}). Immutable; every field is checked on
 * construction.
 *
 * @param name peer name advertised over mDNS (1..63 UTF-8 bytes, no control characters)
 * @param port transfer port (0 = ephemeral, for tests)
 * @param bind transfer bind address, or {@code null} for the wildcard (IPv4 and IPv6)
 * @param inbox receive folder (absolute)
 * @param socket control socket path (absolute)
 * @param stateDir where the stable peer id lives (absolute)
 * @param loopbackOnly mDNS on 127.0.0.1 only: never multicasts on a real interface (tests, CI)
 * @param mdnsPort mDNS UDP port (5353 on real networks)
 * @param staticPeers {@code host[:port]} entries checked like discovered peers
 * @param interfaces interface names mDNS is limited to; empty = every usable interface
 * @param limits receiver limits
 * @param accept whose pushes are stored (trusted peers always are)
 * @param notifications show desktop notifications when a desktop session is present
 * @param pendingTimeout how long a held push waits for the owner's decision (policy {@code ask})
 */
record DaemonConfig(
        String name,
        int port,
        InetAddress bind,
        Path inbox,
        Path socket,
        Path stateDir,
        boolean loopbackOnly,
        int mdnsPort,
        List<String> staticPeers,
        List<String> interfaces,
        ReceiverLimits limits,
        AcceptPolicy accept,
        boolean notifications,
        Duration pendingTimeout) {

    static final int DEFAULT_PORT = Receiver.DEFAULT_PORT;
    static final int DEFAULT_MDNS_PORT = DiscoveryConfig.MDNS_PORT;
    static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofMinutes(5);

    DaemonConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(accept, "accept");
        Objects.requireNonNull(pendingTimeout, "pendingTimeout");
        if (pendingTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || pendingTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("pendingTimeoutSeconds must be 1..86400");
        }
        staticPeers = List.copyOf(staticPeers);
        interfaces = List.copyOf(interfaces);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
        if (mdnsPort < 1 || mdnsPort > 65535) {
            throw new IllegalArgumentException("mdnsPort " + mdnsPort + " out of range 1..65535");
        }
        if (!inbox.isAbsolute() || !socket.isAbsolute() || !stateDir.isAbsolute()) {
            throw new IllegalArgumentException("inbox, socket and stateDir must be absolute paths");
        }
    }
}
