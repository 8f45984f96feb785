package dev.tft.discovery;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * A peer in its own JVM for crash tests: args = mdnsPort, fingerprint (the peer id is derived from
 * it), name. Prints "READY" once started, then waits to be killed with SIGKILL (so no goodbye is
 * ever sent).
 */
public final class CrashablePeer {
    private CrashablePeer() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("tft.test.mdnsPort", args[0]);
        try (ServerSocket transfer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                MdnsDiscovery d =
                        MdnsDiscovery.create(
                                LoopbackPeers.config(
                                        args[1], args[2], transfer.getLocalPort(), List.of()))) {
            d.start();
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(120_000); // bounded: the parent kills us long before
        }
    }
}
