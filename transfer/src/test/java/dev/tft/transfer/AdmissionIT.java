package dev.tft.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admission hook as the accept policy uses it: held pushes read and store nothing until the
 * decision, the sender is told it waits, and refusals and timeouts leave nothing behind.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdmissionIT {
    @TempDir Path dir;
    private final List<IncomingPush> asked = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Boolean>> holds = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private Admission holding(Duration timeout) {
        return push -> {
            asked.add(push);
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            holds.add(f);
            return new Admission.Hold(f, timeout, "the owner did not accept the push");
        };
    }

    private Path file(String name, long size) throws Exception {
        return Fixture.randomFile(
                Files.createDirectories(dir.resolve("src")).resolve(name), size, 5);
    }

    @Test
    void aHeldPushWaitsWithNothingOnDiskAndIsStoredOnceAccepted() throws Exception {
        Path src = file("report.pdf", 300_000);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), holding(Duration.ofMinutes(5)))) {
            AtomicLong waiting = new AtomicLong();
            Future<PushResult> push =
                    pool.submit(
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(src),
                                                    new TransferListener() {
                                                        @Override
                                                        public void waiting(long s) {
                                                            waiting.set(s);
                                                        }
                                                    }));
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get() > 0);
            assertEquals(300, waiting.get());
            IncomingPush p = asked.get(0);
            assertEquals(Fixture.ALICE.peerId(), p.peerId());
            assertEquals(List.of("report.pdf"), p.names());
            assertEquals(1, p.files());
            assertEquals(300_000, p.bytes());
            assertFalse(p.legacy());
            // Held: not a temp, not a byte in the inbox.
            assertEquals(List.of(), fx.listing());
            holds.get(0).complete(true);
            assertEquals(1, push.get(10, TimeUnit.SECONDS).files().size());
            assertEquals(Fixture.sha256(src), Fixture.sha256(fx.inbox.resolve("report.pdf")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectedPushIsDeniedWithTheReasonAndLeavesNothing() throws Exception {
        Path src = file("a.bin", 10);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), holding(Duration.ofMinutes(5)))) {
            Future<?> push =
                    pool.submit(
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(src),
                                                    TransferListener.NONE));
            await().atMost(Duration.ofSeconds(10)).until(() -> !holds.isEmpty());
            holds.get(0).complete(false);
            Exception e = assertThrows(Exception.class, () -> push.get(10, TimeUnit.SECONDS));
            TransferException te = (TransferException) e.getCause();
            assertEquals(TransferError.DENIED, te.error());
            assertTrue(
                    te.getMessage().contains("the owner did not accept the push"), te::getMessage);
            assertEquals(List.of(), fx.listing());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnansweredHoldTimesOutAsARefusal() throws Exception {
        Path src = file("a.bin", 10);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), holding(Duration.ofSeconds(1)))) {
            // The receiver waits the hold's timeout plus its slack, then refuses.
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(src),
                                                    TransferListener.NONE));
            assertEquals(TransferError.DENIED, e.error());
            assertTrue(holds.get(0).isCancelled(), "the policy learns that the receiver gave up");
            assertEquals(List.of(), fx.listing());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeldLegacyPushIsStoredOnlyAfterAcceptAndDroppedOnReject() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits(), holding(Duration.ofMinutes(5)))) {
            byte[] body = "hello from nc\n".getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket(fx.address().getAddress(), fx.address().getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(legacyHeader("note.txt", body.length));
                out.write(body);
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> !holds.isEmpty());
                IncomingPush p = asked.get(0);
                assertTrue(p.legacy());
                assertEquals("", p.peerId());
                assertEquals(List.of("note.txt"), p.names());
                assertEquals(List.of(), fx.listing());
                holds.get(0).complete(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.received.size() == 1);
            }
            assertEquals("hello from nc\n", Files.readString(fx.inbox.resolve("note.txt")));
            try (Socket s = new Socket(fx.address().getAddress(), fx.address().getPort())) {
                s.getOutputStream().write(legacyHeader("other.txt", 3));
                s.getOutputStream().write(new byte[] {1, 2, 3});
                await().atMost(Duration.ofSeconds(10)).until(() -> holds.size() == 2);
                holds.get(1).complete(false);
                // Closed without an answer (the legacy form has no replies): EOF, or a reset
                // because the refused payload was never read.
                s.setSoTimeout(10_000);
                try {
                    assertEquals(-1, s.getInputStream().read());
                } catch (SocketException reset) {
                    // Also a close.
                }
            }
            assertEquals(List.of("note.txt"), fx.listing());
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] legacyHeader(String name, long size) {
        return String.format("%-1024s", name + "|" + size).getBytes(StandardCharsets.UTF_8);
    }
}
