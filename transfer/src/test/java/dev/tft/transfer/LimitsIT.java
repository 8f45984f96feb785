package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.tft.transfer.wire.Protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Deadlines, connection caps, and the quiet liveness probe. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LimitsIT {
    @TempDir Path dir;

    private static ReceiverLimits limits(int perAddress) {
        return new ReceiverLimits(
                Duration.ofSeconds(1), Duration.ofSeconds(5), 64, perAddress, 8, 1L << 30, 0);
    }

    @Test
    void headerDeadlineIsAbsoluteAgainstATricklingSender() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(8));
                RawPeer p = new RawPeer(fx.address())) {
            long start = System.nanoTime();
            OutputStream out = p.socket.getOutputStream();
            // A legacy header (the clear-text form; TLS handshakes have their own test in TlsIT).
            byte[] header =
                    String.format("%-" + Protocol.LEGACY_HEADER_SIZE + "s", "slow.txt|10")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            // One byte every 100 ms would need 100 s for the header; the 1 s deadline must cut it.
            try {
                for (int i = 0; i < 25; i++) {
                    out.write(header[i]);
                    out.flush();
                    // The trickle itself is the scenario under test.
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (java.io.IOException cut) {
                // Expected once the receiver has closed.
            }
            assertTrue(p.closedByReceiver());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 3_500, "closed after " + ms + " ms");
        }
    }

    @Test
    void res01PreHeaderConnectionsPerAddressAreCapped() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(2))) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                idle.add(new Socket(fx.address().getAddress(), fx.address().getPort()));
            }
            try (RawPeer third = new RawPeer(fx.address())) {
                long start = System.nanoTime();
                assertTrue(third.closedByReceiver());
                assertTrue(
                        System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900),
                        "closed at once");
            }
            for (Socket s : idle) {
                s.close();
            }
            Path src =
                    Fixture.randomFile(
                            Files.createDirectories(dir.resolve("src")).resolve("ok.bin"),
                            1 << 20,
                            1);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    Fixture.sender()
                                                    .push(
                                                            fx.address(),
                                                            List.of(src),
                                                            TransferListener.NONE)
                                                    .files()
                                                    .size()
                                            == 1);
        }
    }

    @Test
    void res01PreHeaderConnectionsAreCappedGlobally() throws Exception {
        ReceiverLimits l =
                new ReceiverLimits(
                        Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 8, 8, 1L << 30, 0);
        try (Fixture fx = new Fixture(dir, l);
                Socket a = new Socket(fx.address().getAddress(), fx.address().getPort());
                Socket b = new Socket(fx.address().getAddress(), fx.address().getPort());
                RawPeer third = new RawPeer(fx.address())) {
            assertTrue(a.isConnected() && b.isConnected());
            assertTrue(third.closedByReceiver());
        }
    }

    @Test
    void connectThenCloseIsNormalAndNotWarned() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.tft.transfer");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try (Fixture fx = new Fixture(dir, limits(8))) {
            for (int i = 0; i < 5; i++) {
                new Socket(fx.address().getAddress(), fx.address().getPort()).close();
            }
            Path src =
                    Fixture.randomFile(
                            Files.createDirectories(dir.resolve("src")).resolve("ok.bin"), 10, 1);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    Fixture.sender()
                                                    .push(
                                                            fx.address(),
                                                            List.of(src),
                                                            TransferListener.NONE)
                                                    .files()
                                                    .size()
                                            == 1);
        } finally {
            log.detachAppender(events);
        }
        assertEquals(
                List.of(),
                events.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList());
    }

    @Test
    void closeAbortsInFlightTransfersAndIsIdempotent() throws Exception {
        Fixture fx = new Fixture(dir, limits(8));
        RawPeer p = new RawPeer(fx.address());
        p.header().hello().send(RawPeer.fileOffer("big.bin", 1 << 30, false, new byte[16]));
        p.read();
        p.raw(new byte[100_000]);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> !fx.receiver.activeTransfers().isEmpty());
        long start = System.nanoTime();
        fx.close();
        fx.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertTrue(p.closedByReceiver());
        assertEquals(List.of(), fx.listing());
        p.close();
    }

    @Test
    void staleTempsAreSweptOnStartButRecentResumableOnesAreKept() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.write(inbox.resolve(".tft-partial-00112233"), new byte[10]);
        Files.write(inbox.resolve(".tft-resume-recent"), new byte[10]);
        Path old = Files.write(inbox.resolve(".tft-resume-old"), new byte[10]);
        Files.setLastModifiedTime(
                old,
                java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().minus(Duration.ofDays(30))));
        Files.writeString(inbox.resolve("user.txt"), "untouched");
        try (Fixture fx = new Fixture(dir, limits(8))) {
            assertEquals(List.of(".tft-resume-recent", "user.txt"), fx.listing());
        }
    }
}
