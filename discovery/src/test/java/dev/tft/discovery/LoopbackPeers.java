package dev.tft.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test support: discovery instances bound to 127.0.0.1 only, on one random high mDNS port per JVM
 * (JmDNS fixes the port per JVM), each with a real listening transfer socket so liveness probes
 * succeed. Never touches a real interface.
 */
final class LoopbackPeers {

    /** One random port per test JVM, away from 5353 and any real responder. */
    static final int MDNS_PORT =
            Integer.getInteger(
                    "tft.test.mdnsPort", ThreadLocalRandom.current().nextInt(20000, 30000));

    private LoopbackPeers() {}

    /** A started peer plus its transfer listener; close() stops both. */
    static final class Node implements AutoCloseable {
        final String fingerprint = TestKeys.randomFingerprint();
        final PeerId id = PeerId.fromFingerprint(fingerprint);
        final ServerSocket transfer;
        final MdnsDiscovery discovery;

        Node(String name, List<StaticPeer> statics) throws IOException {
            transfer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            discovery =
                    MdnsDiscovery.create(
                            config(fingerprint, name, transfer.getLocalPort(), statics));
        }

        Node start() throws IOException {
            discovery.start();
            return this;
        }

        @Override
        public void close() throws IOException {
            discovery.close();
            transfer.close();
        }
    }

    /** A loopback-only config whose id is derived from {@code fingerprint}. */
    static DiscoveryConfig config(
            String fingerprint, String name, int port, List<StaticPeer> statics) {
        return new DiscoveryConfig(
                PeerId.fromFingerprint(fingerprint),
                fingerprint,
                name,
                port,
                "1",
                "linux",
                true,
                MDNS_PORT,
                List.of(),
                statics,
                Clock.systemUTC());
    }

    static Node node(String name) throws IOException {
        return new Node(name, List.of());
    }

    /** The entry for {@code id} in {@code d}'s table, or null. */
    static Peer find(Discovery d, PeerId id) {
        return d.peers().stream().filter(p -> id.equals(p.id())).findFirst().orElse(null);
    }

    static boolean isUp(Discovery d, PeerId id) {
        Peer p = find(d, id);
        return p != null && p.state() == PeerState.UP;
    }

    static boolean isGoneOrAbsent(Discovery d, PeerId id) {
        Peer p = find(d, id);
        return p == null || p.state() == PeerState.GONE;
    }
}
