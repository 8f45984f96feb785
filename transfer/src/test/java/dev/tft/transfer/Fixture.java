package dev.tft.transfer;

import dev.tft.transfer.tls.DeviceIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shared helpers for the socket tests: a receiver on 127.0.0.1:0, a recording listener, file
 * helpers.
 */
final class Fixture implements AutoCloseable {
    static final LocalIdentity ALICE = identity("alice", "Alice's laptop");
    static final LocalIdentity BOB = identity("bob", "Bob");
    static final LocalIdentity MALLORY = identity("mallory", "Bob");

    /** A fresh device key and certificate (a few milliseconds) under {@code name}. */
    static LocalIdentity identity(String commonName, String displayName) {
        return new LocalIdentity(
                DeviceIdentity.generate(commonName, Clock.systemUTC()), displayName);
    }

    final Path inbox;
    final Receiver receiver;
    final List<ReceivedFile> received = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    Fixture(Path dir, ReceiverLimits limits) throws IOException {
        this(dir, limits, Admission.ALLOW_ALL);
    }

    Fixture(Path dir, ReceiverLimits limits, Admission admission) throws IOException {
        this(dir, limits, admission, PairingResponder.REFUSE_ALL);
    }

    Fixture(Path dir, ReceiverLimits limits, Admission admission, PairingResponder pairing)
            throws IOException {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        ReceiverConfig cfg =
                new ReceiverConfig(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        inbox,
                        BOB,
                        limits);
        receiver =
                Receiver.start(
                        cfg,
                        new ReceiverListener() {
                            @Override
                            public void fileReceived(ReceivedFile f) {
                                received.add(f);
                            }

                            @Override
                            public void transferFailed(
                                    String peer, String file, TransferError error, String message) {
                                failures.add(error + " " + file);
                            }
                        },
                        admission,
                        pairing);
    }

    static ReceiverLimits limits() {
        return ReceiverLimits.defaults();
    }

    static ReceiverLimits fast() {
        ReceiverLimits d = ReceiverLimits.defaults();
        return new ReceiverLimits(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                d.maxConnections(),
                d.maxConnectionsPerAddress(),
                d.maxTransfers(),
                d.maxFileSize(),
                0);
    }

    InetSocketAddress address() {
        return receiver.localAddress();
    }

    static Sender sender() {
        return new Sender(ALICE, new SenderOptions(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    static Path randomFile(Path p, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return p;
    }

    static String sha256(Path p) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                d.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Names in the inbox, sorted, temps included (so leftovers show up). */
    List<String> listing() throws IOException {
        try (var s = Files.list(inbox)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
