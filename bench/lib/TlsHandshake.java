// bench/lib/TlsHandshake.java - the TLS 1.3 handshake of tft, timed in isolation (a benchmark, not a test).
//
//   java [JVM flags] -cp 'DAEMON_JARS/*' bench/lib/TlsHandshake.java [WARMUP [N]]   (Java 11+ source launcher)
//
// Runs tft's own handshake code from the installed jars (dev.tft.transfer.tls: TlsContexts.create and
// TlsChannel.client/server, the classes the daemons use), with two fresh EC P-256 device identities
// (DeviceIdentity.generate, as a daemon makes on first start), both ends in this JVM over 127.0.0.1: a new TCP
// connection and a full mutual-auth handshake each time (tft never resumes). It is the "tiny mode" of
// transfer/src/test/java/dev/tft/transfer/bench/TlsThroughput.java (same measurement, without its 2 GiB
// throughput rounds) and lives here because bench/ must not edit the module's tests.
//
// Prints one JSON object: the first handshake in this JVM (cold: class loading, JIT off), then the median of N
// (default 20) after WARMUP (default 200) unreported ones (warm, as in a long-running daemon). Two clocks per
// handshake, both started before the TCP connect:
//   client_ms  until the client's handshake() returns (server Finished verified, own Finished written);
//              what TlsThroughput prints
//   both_ms    until both ends' handshake() returned (the server has also verified the client's certificate
//              and Finished), i.e. when the receiving daemon could read the session header
import dev.tft.transfer.tls.DeviceIdentity;
import dev.tft.transfer.tls.TlsChannel;
import dev.tft.transfer.tls.TlsContexts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

public final class TlsHandshake {
    private static final String[] ids = new String[2]; // peer ids of the client's and the server's identity

    private TlsHandshake() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long k0 = System.nanoTime();
        DeviceIdentity a = DeviceIdentity.generate("bench-a", Clock.systemUTC());
        DeviceIdentity b = DeviceIdentity.generate("bench-b", Clock.systemUTC());
        double keysMs = (System.nanoTime() - k0) / 1e6;
        ids[0] = a.peerId();
        ids[1] = b.peerId();
        long c0 = System.nanoTime();
        SSLContext client = TlsContexts.create(a.privateKey(), a.certificate());
        SSLContext server = TlsContexts.create(b.privateKey(), b.certificate());
        double contextMs = (System.nanoTime() - c0) / 1e6;
        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            double[] first = handshake(ss, client, server);
            for (int i = 0; i < warmup; i++) {
                handshake(ss, client, server);
            }
            double[] cl = new double[n];
            double[] both = new double[n];
            for (int i = 0; i < n; i++) {
                double[] t = handshake(ss, client, server);
                cl[i] = t[0];
                both[i] = t[1];
            }
            System.out.println(String.format(Locale.ROOT,
                    "{\"source\":\"bench/lib/TlsHandshake.java\",\"java\":\"%s\",\"keys_ms\":%.2f,"
                            + "\"contexts_ms\":%.2f,\"first_client_ms\":%.3f,\"first_both_ms\":%.3f,"
                            + "\"warmup\":%d,\"n\":%d,\"client_ms\":%s,\"both_ms\":%s,"
                            + "\"median_client_ms\":%.3f,\"median_both_ms\":%.3f}",
                    System.getProperty("java.version"), keysMs, contextMs, first[0], first[1], warmup, n,
                    list(cl), list(both), median(cl), median(both)));
        }
    }

    /** One TCP connection and one full handshake; {client ms, both-ends ms} from before the connect. */
    private static double[] handshake(ServerSocketChannel ss, SSLContext client, SSLContext server)
            throws Exception {
        String clientId = ids[0];
        String serverId = ids[1];
        AtomicReference<Exception> failed = new AtomicReference<>();
        long[] serverDone = new long[1];
        long t0 = System.nanoTime();
        try (SocketChannel c = SocketChannel.open(ss.getLocalAddress()); SocketChannel s = ss.accept()) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsChannel tc = TlsChannel.client(c, client);
            TlsChannel ts = TlsChannel.server(s, server, ByteBuffer.allocate(0));
            Thread t = new Thread(() -> {
                try {
                    ts.handshake();
                    serverDone[0] = System.nanoTime();
                } catch (IOException e) {
                    failed.set(e);
                }
            }, "bench-server-handshake");
            t.start();
            tc.handshake();
            long clientDone = System.nanoTime();
            t.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            // Each end holds the other's key: the check a daemon makes before it trusts the session.
            if (!DeviceIdentity.peerIdOf(tc.peerCertificate().getPublicKey()).equals(serverId)
                    || !DeviceIdentity.peerIdOf(ts.peerCertificate().getPublicKey()).equals(clientId)) {
                throw new IllegalStateException("a peer certificate is not the other end's");
            }
            tc.close();
            ts.close();
            return new double[] {(clientDone - t0) / 1e6, (Math.max(clientDone, serverDone[0]) - t0) / 1e6};
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return sb.append(']').toString();
    }
}
