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
        ServerSocket transfer = new ServerSocket(5001);
        MdnsDiscovery d =
                MdnsDiscovery.create(
                        new DiscoveryConfig(
                                PeerId.random(),
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
