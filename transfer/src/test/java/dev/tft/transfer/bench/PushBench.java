package dev.tft.transfer.bench;

import dev.tft.transfer.LocalIdentity;
import dev.tft.transfer.PushResult;
import dev.tft.transfer.Receiver;
import dev.tft.transfer.ReceiverConfig;
import dev.tft.transfer.ReceiverLimits;
import dev.tft.transfer.ReceiverListener;
import dev.tft.transfer.Sender;
import dev.tft.transfer.SenderOptions;
import dev.tft.transfer.TransferListener;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: {@code PushBench big SRC WORKDIR ROUNDS} pushes SRC over loopback into
 * WORKDIR/inbox alternating with {@code nc -l > file} / {@code nc -N < SRC} (netcat-openbsd) in the
 * same run; {@code PushBench small DIR WORKDIR ROUNDS} pushes a directory tree. Prints one line per
 * round.
 */
public final class PushBench {
    private PushBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path src = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        ReceiverLimits d = ReceiverLimits.defaults();
        ReceiverLimits limits =
                new ReceiverLimits(
                        d.headerDeadline(),
                        d.idleTimeout(),
                        d.maxConnections(),
                        d.maxConnectionsPerAddress(),
                        d.maxTransfers(),
                        d.maxFileSize(),
                        0);
        LocalIdentity me =
                new LocalIdentity(
                        dev.tft.transfer.tls.DeviceIdentity.generate(
                                "bench", java.time.Clock.systemUTC()),
                        "Bench");
        try (Receiver rx =
                Receiver.start(
                        new ReceiverConfig(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                inbox,
                                me,
                                limits),
                        ReceiverListener.NONE)) {
            Sender tx = new Sender(me, SenderOptions.defaults());
            push(tx, rx, src, inbox); // warm-up (JIT), not reported
            for (int i = 1; i <= rounds; i++) {
                double tft = push(tx, rx, src, inbox);
                String line = String.format("round %d: tft %.3f s", i, tft);
                if (mode.equals("big")) {
                    double nc = nc(src, work.resolve("nc.out"));
                    line += String.format("  nc %.3f s  ratio %.2f", nc, tft / nc);
                }
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.println(line + String.format("  heap used %d MiB", heap >> 20));
            }
        }
    }

    private static double push(Sender tx, Receiver rx, Path src, Path inbox) throws Exception {
        long t0 = System.nanoTime();
        PushResult r = tx.push(rx.localAddress(), List.of(src), TransferListener.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.files().isEmpty()) {
            throw new AssertionError("nothing stored");
        }
        clear(inbox);
        return s;
    }

    private static double nc(Path src, Path out) throws Exception {
        int port = 20000 + (int) (Math.random() * 20000);
        Process listener =
                new ProcessBuilder("nc", "-l", "127.0.0.1", String.valueOf(port))
                        .redirectOutput(out.toFile())
                        .redirectInput(new File("/dev/null"))
                        .start();
        for (int i = 0; i < 200 && !listening(port); i++) {
            Thread.sleep(10); // waiting for an external process to bind: no other signal available
        }
        long t0 = System.nanoTime();
        Process sender =
                new ProcessBuilder("nc", "-N", "127.0.0.1", String.valueOf(port))
                        .redirectInput(src.toFile())
                        .start();
        sender.waitFor();
        listener.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (Files.size(out) != Files.size(src)) {
            throw new AssertionError("nc copied " + Files.size(out));
        }
        Files.delete(out);
        return s;
    }

    /**
     * True once a socket listens on {@code port} (read from /proc/net/tcp, so nc's one accept is
     * not used up).
     */
    private static boolean listening(int port) throws Exception {
        String hex = String.format(":%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    private static void clear(Path inbox) throws Exception {
        try (Stream<Path> s = Files.walk(inbox)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(inbox)) {
                    Files.delete(p);
                }
            }
        }
    }
}
