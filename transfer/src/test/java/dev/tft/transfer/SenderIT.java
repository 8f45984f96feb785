package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Sender-side behaviour: cancellation, timeouts, non-tft peers, IPv6. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SenderIT {
    @TempDir Path dir;

    private Path file(long size) throws Exception {
        return Fixture.randomFile(
                Files.createDirectories(dir.resolve("src")).resolve("f.bin"), size, 9);
    }

    @Test
    void interruptingThePushingThreadCancelsPromptly() throws Exception {
        Path src = file(10 << 20);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Thread> pusher = new AtomicReference<>();
            CompletableFuture<TransferError> result =
                    CompletableFuture.supplyAsync(
                            () -> {
                                pusher.set(Thread.currentThread());
                                try {
                                    new Sender(
                                                    Fixture.ALICE,
                                                    new SenderOptions(
                                                            Duration.ofSeconds(5),
                                                            Duration.ofSeconds(60)))
                                            .push(
                                                    new InetSocketAddress(
                                                            InetAddress.getLoopbackAddress(),
                                                            silent.getLocalPort()),
                                                    List.of(src),
                                                    TransferListener.NONE);
                                    return null;
                                } catch (TransferException e) {
                                    return e.error();
                                }
                            });
            try (Socket accepted = silent.accept()) {
                assertTrue(accepted.isConnected());
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pusher.get() != null);
                long t0 = System.nanoTime();
                pusher.get().interrupt();
                assertEquals(TransferError.CANCELLED, result.get(5, TimeUnit.SECONDS));
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    @Test
    void silentReceiverTimesOut() throws Exception {
        Path src = file(10);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Sender s =
                    new Sender(
                            Fixture.ALICE,
                            new SenderOptions(Duration.ofSeconds(5), Duration.ofMillis(500)));
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    s.push(
                                            new InetSocketAddress(
                                                    InetAddress.getLoopbackAddress(),
                                                    silent.getLocalPort()),
                                            List.of(src),
                                            TransferListener.NONE));
            assertEquals(TransferError.TIMEOUT, e.error());
        }
    }

    @Test
    void nonTftAnswerIsNotTft() throws Exception {
        Path src = file(10);
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(
                    () -> {
                        try (Socket c = http.accept()) {
                            c.getOutputStream()
                                    .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                            c.getInputStream().readNBytes(256);
                        } catch (java.io.IOException ignored) {
                            // The test only cares about what the sender concludes.
                        }
                    });
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    new InetSocketAddress(
                                                            InetAddress.getLoopbackAddress(),
                                                            http.getLocalPort()),
                                                    List.of(src),
                                                    TransferListener.NONE));
            assertEquals(TransferError.NOT_TFT, e.error());
        }
    }

    @Test
    void nothingListeningIsConnectFailed() throws Exception {
        Path src = file(10);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TransferException e =
                assertThrows(
                        TransferException.class,
                        () ->
                                Fixture.sender()
                                        .push(
                                                new InetSocketAddress(
                                                        InetAddress.getLoopbackAddress(), port),
                                                List.of(src),
                                                TransferListener.NONE));
        assertEquals(TransferError.CONNECT_FAILED, e.error());
    }

    @Test
    void badNameInATreeFailsBeforeConnecting() throws Exception {
        Path top = Files.createDirectories(dir.resolve("proj/CON"));
        TransferException e =
                assertThrows(
                        TransferException.class,
                        () ->
                                Fixture.sender()
                                        .push(
                                                new InetSocketAddress(
                                                        InetAddress.getLoopbackAddress(), 9),
                                                List.of(top.getParent()),
                                                TransferListener.NONE));
        assertEquals(TransferError.BAD_NAME, e.error());
    }

    @Test
    void receiverWorksOnIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
            assertTrue(v6 instanceof Inet6Address && probe.isBound());
        } catch (java.io.IOException noIpv6) {
            Assumptions.abort("no IPv6 loopback here");
        }
        Path src = file(200_000);
        Path inbox = Files.createDirectories(dir.resolve("inbox6"));
        try (Receiver rx =
                Receiver.start(
                        new ReceiverConfig(
                                new InetSocketAddress(v6, 0),
                                inbox,
                                Fixture.BOB,
                                ReceiverLimits.defaults()),
                        ReceiverListener.NONE)) {
            Fixture.sender().push(rx.localAddress(), List.of(src), TransferListener.NONE);
            assertEquals(Fixture.sha256(src), Fixture.sha256(inbox.resolve("f.bin")));
        }
    }
}
