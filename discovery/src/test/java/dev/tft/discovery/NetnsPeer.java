package dev.tft.discovery;

import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Manual multi-host check (not a test; run inside a network namespace ONLY, never on a real host):
 * args = name. Binds every usable interface on mDNS 5353, listens on TCP 5001, prints "epochMs
 * START" and then "epochMs name:state ..." on each table change; SIGTERM closes cleanly.
 */
public final class NetnsPeer {
    private NetnsPeer() {}

    public static void main(String[] args) throws Exception {
        // It binds every interface on the real mDNS port: refuse outside a network namespace of its
        // own,
        // so it can never multicast on the machine's real interfaces.
        java.nio.file.Path self =
                java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net"));
        java.nio.file.Path init =
                java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/1/ns/net"));
        if (self.equals(init)) {
            System.err.println(
                    "NetnsPeer: run it inside a network namespace (ip netns exec NS java ...)");
            System.exit(64);
        }
        ServerSocket transfer = new ServerSocket(5001);
        String fingerprint = TestKeys.randomFingerprint();
        MdnsDiscovery d =
                MdnsDiscovery.create(
                        new DiscoveryConfig(
                                PeerId.fromFingerprint(fingerprint),
                                fingerprint,
                                args[0],
                                5001,
                                "1",
                                DiscoveryConfig.defaultOs(),
                                false,
                                5353,
                                List.of(),
                                List.of(),
                                Clock.systemUTC()));
        d.addListener(
                snapshot ->
                        System.out.println(
                                System.currentTimeMillis()
                                        + " "
                                        + snapshot.stream()
                                                .map(
                                                        p ->
                                                                p.name()
                                                                        + ":"
                                                                        + p.state()
                                                                        + p.addresses())
                                                .collect(Collectors.joining(" "))));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    long t = System.currentTimeMillis();
                                    d.close();
                                    System.out.println(
                                            t
                                                    + " STOP close()="
                                                    + (System.currentTimeMillis() - t)
                                                    + " ms");
                                }));
        System.out.println(System.currentTimeMillis() + " START");
        d.start();
        Thread.sleep(Long.parseLong(args.length > 1 ? args[1] : "60000"));
        System.exit(0);
    }
}
