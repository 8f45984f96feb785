package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** An interrupted file pushed again by the same peer continues from what the receiver kept. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeIT {
    private static final long SIZE = 8L << 20;
    @TempDir Path dir;

    private Path cutOnce(Fixture fx, Path src) throws Exception {
        try (CutProxy proxy = new CutProxy(fx.address(), 3L << 20)) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    proxy.address(),
                                                    List.of(src),
                                                    TransferListener.NONE));
            assertTrue(
                    e.error() == TransferError.CONNECTION_LOST
                            || e.error() == TransferError.INCOMPLETE,
                    e.error().toString());
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                fx.receiver.activeTransfers().isEmpty()
                                        && fx.listing().size() == 1
                                        && fx.listing().get(0).startsWith(".tft-resume-"));
        return fx.inbox.resolve(fx.listing().get(0));
    }

    @Test
    void cutConnectionResumesFromTheKeptOffsetAndVerifiesTheWholeFile() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("movie.bin"), SIZE, 5);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            long kept = Files.size(cutOnce(fx, src));
            assertTrue(kept > 0 && kept < SIZE, "kept " + kept);
            AtomicLong offset = new AtomicLong(-1);
            PushResult r =
                    Fixture.sender()
                            .push(
                                    fx.address(),
                                    List.of(src),
                                    new TransferListener() {
                                        @Override
                                        public void fileStarted(String name, long size, long off) {
                                            offset.set(off);
                                        }
                                    });
            assertEquals(kept, offset.get());
            assertEquals(SIZE - kept, r.bytes());
            assertEquals(Fixture.sha256(src), Fixture.sha256(fx.inbox.resolve("movie.bin")));
            assertEquals(List.of("movie.bin"), fx.listing());
        }
    }

    @Test
    void corruptedKeptPrefixIsCaughtByTheWholeFileChecksum() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("movie.bin"), SIZE, 6);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Path temp = cutOnce(fx, src);
            try (RandomAccessFile f = new RandomAccessFile(temp.toFile(), "rw")) {
                f.seek(100);
                int b = f.read();
                f.seek(100);
                f.write(b ^ 0xFF);
            }
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(src),
                                                    TransferListener.NONE));
            assertEquals(TransferError.CHECKSUM_MISMATCH, e.error());
            assertEquals(List.of(), fx.listing());
            // The next push starts from zero and succeeds.
            Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
            assertEquals(Fixture.sha256(src), Fixture.sha256(fx.inbox.resolve("movie.bin")));
        }
    }

    @Test
    void sourceChangedDuringThePushFails() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("log.bin"), SIZE, 8);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(src),
                                                    new TransferListener() {
                                                        @Override
                                                        public void progress(
                                                                long fb,
                                                                long fs,
                                                                long tb,
                                                                long ts) {
                                                            try {
                                                                Files.write(
                                                                        src,
                                                                        new byte[] {1},
                                                                        java.nio.file
                                                                                .StandardOpenOption
                                                                                .APPEND);
                                                            } catch (java.io.IOException x) {
                                                                throw new java.io
                                                                        .UncheckedIOException(x);
                                                            }
                                                        }
                                                    }));
            assertEquals(TransferError.SOURCE_CHANGED, e.error());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> fx.listing().stream().noneMatch(n -> n.equals("log.bin")));
        }
    }
}
