package dev.tft.transfer.bench;

import dev.tft.transfer.tls.TlsChannel;
import dev.tft.transfer.tls.TlsContexts;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

/**
 * Benchmark, not a test: {@code TlsThroughput KEYDIR [cold]}. Pushes 2 GiB over loopback through
 * {@link TlsChannel} and through a plain {@code SocketChannel} in the same run (client writes 1 MiB
 * direct buffers, server reads into a 1 MiB direct buffer), printing GB/s and CPU seconds per GB of
 * each side, and the TLS handshake time: the first one in the JVM and the median of 20 after
 * warm-up. With {@code cold} it prints only the first handshake (run it in fresh JVMs for a cold
 * median). Keystores are generated with keytool into KEYDIR on the first run and reused.
 */
public final class TlsThroughput {
    private static final long TOTAL = 2L << 30;
    private static final int CHUNK = 1 << 20;
    private static final char[] PW = "changeit".toCharArray();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private TlsThroughput() {}

    /** One run: wall seconds and CPU seconds of the writing and the reading thread. */
    private record Run(double seconds, double writerCpu, double readerCpu, long bytes) {
        double gbPerSecond() {
            return bytes / seconds / 1e9;
        }

        String line(String what) {
            double gb = bytes / 1e9;
            return String.format(
                    "%-5s %.2f GB/s  (%.2f s)  cpu s/GB: writer %.3f, reader %.3f",
                    what, gbPerSecond(), seconds, writerCpu / gb, readerCpu / gb);
        }
    }

    public static void main(String[] args) throws Exception {
        Path keys = Files.createDirectories(Path.of(args[0]));
        boolean coldOnly = args.length > 1 && args[1].equals("cold");
        KeyStore.PrivateKeyEntry a = load(keys, "alice");
        KeyStore.PrivateKeyEntry b = load(keys, "bob");
        long c0 = System.nanoTime();
        SSLContext alice = context(a);
        SSLContext bob = context(b);
        double contextMs = (System.nanoTime() - c0) / 1e6;

        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            double first = handshakeMillis(ss, alice, bob);
            System.out.printf("first handshake in this JVM: %.1f ms%n", first);
            System.out.printf("TlsContexts.create twice, first in this JVM: %.1f ms%n", contextMs);
            if (coldOnly) {
                return;
            }
            for (int i = 0; i < 200; i++) {
                handshakeMillis(ss, alice, bob);
            }
            double[] warm = new double[20];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = handshakeMillis(ss, alice, bob);
            }
            Arrays.sort(warm);
            System.out.printf(
                    "warm handshake (client side, incl. TCP connect): median %.2f ms, min %.2f,"
                            + " max %.2f (of 20)%n",
                    (warm[9] + warm[10]) / 2, warm[0], warm[19]);

            ByteBuffer data = ByteBuffer.allocateDirect(CHUNK);
            byte[] random = new byte[CHUNK];
            ThreadLocalRandom.current().nextBytes(random);
            data.put(random).flip();
            // Warm-up (JIT), not reported.
            push(ss, data, null, null, 512L << 20);
            push(ss, data, alice, bob, 512L << 20);
            List<Run> plain = new ArrayList<>();
            List<Run> tls = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                Run p = push(ss, data, null, null, TOTAL);
                Run t = push(ss, data, alice, bob, TOTAL);
                plain.add(p);
                tls.add(t);
                System.out.println("round " + round + ": " + p.line("plain"));
                System.out.println("round " + round + ": " + t.line("tls"));
            }
            System.out.println("median: " + median(plain).line("plain"));
            System.out.println("median: " + median(tls).line("tls"));
        }
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        return sorted.get(sorted.size() / 2);
    }

    /** Connects, handshakes both ends; returns the client's handshake() time in ms. */
    private static double handshakeMillis(
            ServerSocketChannel ss, SSLContext client, SSLContext server) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (SocketChannel c = SocketChannel.open(ss.getLocalAddress());
                SocketChannel s = ss.accept()) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsChannel tc = TlsChannel.client(c, client);
            TlsChannel ts = TlsChannel.server(s, server, ByteBuffer.allocate(0));
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    ts.handshake();
                                } catch (IOException e) {
                                    failed.set(e);
                                }
                            },
                            "bench-server-handshake");
            t.start();
            tc.handshake();
            double ms = (System.nanoTime() - t0) / 1e6;
            t.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            tc.close();
            ts.close();
            return ms;
        }
    }

    /** Pushes {@code total} bytes client to server; TLS when the contexts are given. */
    private static Run push(
            ServerSocketChannel ss,
            ByteBuffer data,
            SSLContext client,
            SSLContext server,
            long total)
            throws Exception {
        try (SocketChannel c = SocketChannel.open(ss.getLocalAddress());
                SocketChannel s = ss.accept()) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean tls = client != null;
            TlsChannel tc = tls ? TlsChannel.client(c, client) : null;
            TlsChannel ts = tls ? TlsChannel.server(s, server, ByteBuffer.allocate(0)) : null;
            long[] reader = new long[3]; // cpu ns, end nanoTime, bytes
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread rx =
                    new Thread(
                            () -> {
                                try {
                                    if (tls) {
                                        ts.handshake();
                                    }
                                    ByteChannel in = tls ? ts : s;
                                    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                                    long cpu0 = CPU.getCurrentThreadCpuTime();
                                    long n = 0;
                                    int r;
                                    while ((r = in.read(buf)) >= 0) {
                                        n += r;
                                        buf.clear();
                                    }
                                    reader[1] = System.nanoTime();
                                    reader[0] = CPU.getCurrentThreadCpuTime() - cpu0;
                                    reader[2] = n;
                                } catch (Exception e) {
                                    failed.set(e);
                                }
                            },
                            "bench-reader");
            rx.start();
            if (tls) {
                tc.handshake();
            }
            ByteChannel out = tls ? tc : c;
            long cpu0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (long sent = 0; sent < total; sent += CHUNK) {
                data.rewind();
                out.write(data);
            }
            if (tls) {
                tc.closeOutbound();
            } else {
                c.shutdownOutput();
            }
            long writerCpu = CPU.getCurrentThreadCpuTime() - cpu0;
            rx.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            if (reader[2] != total) {
                throw new IllegalStateException("received " + reader[2] + " of " + total);
            }
            if (tls) {
                tc.close();
                ts.close();
            }
            return new Run((reader[1] - t0) / 1e9, writerCpu / 1e9, reader[0] / 1e9, total);
        }
    }

    private static SSLContext context(KeyStore.PrivateKeyEntry e) {
        return TlsContexts.create(e.getPrivateKey(), (X509Certificate) e.getCertificate());
    }

    private static KeyStore.PrivateKeyEntry load(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        if (!Files.exists(store)) {
            Process p =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "keytool")
                                            .toString(),
                                    "-genkeypair",
                                    "-alias",
                                    name,
                                    "-keyalg",
                                    "EC",
                                    "-groupname",
                                    "secp256r1",
                                    "-sigalg",
                                    "SHA256withECDSA",
                                    "-dname",
                                    "CN=test",
                                    "-validity",
                                    "3650",
                                    "-storetype",
                                    "PKCS12",
                                    "-keystore",
                                    store.toString(),
                                    "-storepass",
                                    new String(PW))
                            .inheritIO()
                            .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PW);
        }
        return (KeyStore.PrivateKeyEntry) ks.getEntry(name, new KeyStore.PasswordProtection(PW));
    }
}
