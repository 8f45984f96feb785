package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Hostile names over the wire and no-clobber publishing (PATH cases, docs/SECURITY-CASES.md). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NamesIT {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "../../.bashrc",
                "/tmp/x",
                "//x",
                "..\\..\\x",
                "C:\\Windows\\x",
                "sub/../../x",
                "./file.txt",
                "\u001b[1A\rharmless",
                "invoice\u202Efdp.exe",
                "a\u200Bb.txt",
                "-rf",
                ".bashrc",
                "report.",
                "report ",
                "CON",
                "nul.txt",
                "COM1.tar.gz",
                "a<b>c:d",
                ".tft-partial-0011223344556677",
                "photos/x.jpg"
            })
    void pathXxHostileNamesAreRefusedAndTheSessionContinues(String name) throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header()
                    .hello()
                    .send(RawPeer.fileOffer(name, 0, true, new byte[16]))
                    .send(new Frame.Checksum(1, RawPeer.crc(new byte[0])));
            assertEquals(Protocol.E_BAD_NAME, ((Frame.Reject) p.read()).code());
            p.send(RawPeer.fileOffer("fine.txt", 0, true, new byte[16]))
                    .send(new Frame.Checksum(1, RawPeer.crc(new byte[0])));
            assertEquals(new Frame.Accept(0), p.read());
            assertEquals(new Frame.Stored("fine.txt"), p.read());
            assertEquals(List.of("fine.txt"), fx.listing());
        }
    }

    @Test
    void path18CollisionsGetNumberedNamesAndNothingIsClobbered() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("a.pdf"), 100, 1);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Files.writeString(fx.inbox.resolve("a.pdf"), "mine");
            for (int i = 1; i <= 3; i++) {
                PushResult r =
                        Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
                assertEquals("a (" + i + ").pdf", r.files().get(0).storedName());
            }
            assertEquals("mine", Files.readString(fx.inbox.resolve("a.pdf")));
            assertEquals(List.of("a (1).pdf", "a (2).pdf", "a (3).pdf", "a.pdf"), fx.listing());
        }
    }

    @Test
    void path19FileNamedLikeAnExistingDirectoryLeavesTheDirectoryAlone() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("photos"), 100, 1);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Files.createDirectories(fx.inbox.resolve("photos"));
            Files.writeString(fx.inbox.resolve("photos/keep.txt"), "keep");
            PushResult r = Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
            assertEquals("photos (1)", r.files().get(0).storedName());
            assertEquals("keep", Files.readString(fx.inbox.resolve("photos/keep.txt")));
        }
    }

    @Test
    void path22SymlinkPlantedUnderTheFinalNameIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("x.txt"), 100, 1);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Files.createSymbolicLink(fx.inbox.resolve("x.txt"), outside.resolve("x.txt"));
            PushResult r = Fixture.sender().push(fx.address(), List.of(src), TransferListener.NONE);
            assertEquals("x (1).txt", r.files().get(0).storedName());
            assertTrue(Files.notExists(outside.resolve("x.txt")));
        }
    }
}
