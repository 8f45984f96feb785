package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoundTripIT {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 1, 65_536, 65_537, 1 << 20, 100L << 20})
    void fileArrivesIdenticalAndIsReportedStored(long size) throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("data.bin"),
                        size,
                        size);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            PushResult r = Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
            assertEquals(List.of(new StoredFile("data.bin", "data.bin", size)), r.files());
            assertEquals(Fixture.sha256(src), Fixture.sha256(fx.inbox.resolve("data.bin")));
            assertEquals(List.of("data.bin"), fx.listing());
            assertEquals(Fixture.ALICE.peerId(), fx.received.get(0).senderId());
        }
    }

    @Test
    void treeKeepsStructureAndEmptyDirectories() throws Exception {
        Path top = Files.createDirectories(dir.resolve("src/photos"));
        Files.createDirectories(top.resolve("2024/empty"));
        Fixture.randomFile(top.resolve("2024/a.jpg"), 300_000, 1);
        Fixture.randomFile(top.resolve("b.txt"), 10, 2);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            PushResult r = Fixture.sender().push(fx.address(), List.of(top), TransferListener.NONE);
            assertEquals(5, r.files().size());
            Path got = fx.inbox.resolve("photos");
            assertTrue(Files.isDirectory(got.resolve("2024/empty")));
            assertEquals(
                    Fixture.sha256(top.resolve("2024/a.jpg")),
                    Fixture.sha256(got.resolve("2024/a.jpg")));
            assertEquals(
                    Fixture.sha256(top.resolve("b.txt")), Fixture.sha256(got.resolve("b.txt")));
            // A second push of the same tree never merges into the first: it gets its own
            // directory.
            Fixture.sender().push(fx.address(), List.of(top), TransferListener.NONE);
            assertTrue(Files.isRegularFile(fx.inbox.resolve("photos (1)/2024/a.jpg")));
            assertEquals(List.of("photos", "photos (1)"), fx.listing());
        }
    }

    @Test
    void dotfilesInsideATreeTravelButAHiddenTopLevelDoesNot() throws Exception {
        Path top = Files.createDirectories(dir.resolve("src/proj/.git"));
        Fixture.randomFile(top.resolve("config"), 100, 3);
        Fixture.randomFile(top.getParent().resolve(".gitignore"), 20, 4);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Fixture.sender().push(fx.address(), List.of(top.getParent()), TransferListener.NONE);
            assertEquals(
                    Fixture.sha256(top.resolve("config")),
                    Fixture.sha256(fx.inbox.resolve("proj/.git/config")));
            assertTrue(Files.isRegularFile(fx.inbox.resolve("proj/.gitignore")));
            TransferException e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    List.of(top),
                                                    TransferListener.NONE));
            assertEquals(TransferError.BAD_NAME, e.error());
        }
    }

    @Test
    void path24ReceivedFilesAreNeverExecutableNorWritableByOthers() throws Exception {
        Path src = Fixture.randomFile(dir.resolve("src-x.sh"), 100, 5);
        Files.setPosixFilePermissions(
                src, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
            var perms = Files.getPosixFilePermissions(fx.inbox.resolve("src-x.sh"));
            for (var bad :
                    List.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE,
                            java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
                            java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE,
                            java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                            java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
                assertTrue(!perms.contains(bad), "stored file has " + bad + ": " + perms);
            }
        }
    }
}
