package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Every REJECT/FAILED code, each from the side that can provoke it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RejectIT {
    @TempDir Path dir;

    private static ReceiverLimits limits(
            int maxTransfers, long maxFileSize, long reserve, Duration idle) {
        return new ReceiverLimits(
                Duration.ofSeconds(2), idle, 64, 8, maxTransfers, maxFileSize, reserve);
    }

    private Path file(long size) throws Exception {
        return Fixture.randomFile(
                Files.createDirectories(dir.resolve("src")).resolve("f.bin"), size, 7);
    }

    private TransferError pushError(Fixture fx, Path src) {
        return assertThrows(
                        TransferException.class,
                        () ->
                                Fixture.sender()
                                        .push(fx.address(), List.of(src), TransferListener.NONE))
                .error();
    }

    @Test
    void path01TraversalIsRefusedAsBadNameAndNothingIsWritten() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header()
                    .hello()
                    .send(RawPeer.fileOffer("../../.bashrc", 3, true, new byte[16]))
                    .raw(new byte[] {1, 2, 3})
                    .send(new Frame.Checksum(1, RawPeer.crc(new byte[] {1, 2, 3})));
            assertEquals(
                    new Frame.Reject(Protocol.E_BAD_NAME, "name refused: starts with '.'"),
                    p.read());
            // The refused eager payload was skipped: the session goes on.
            p.send(new Frame.End());
            assertTrue(p.closedByReceiver());
            assertEquals(List.of(), fx.listing());
            assertTrue(Files.notExists(dir.resolve(".bashrc")));
        }
    }

    @Test
    void tooLargeIsRefusedBeforeThePayload() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(8, 100_000, 0, Duration.ofSeconds(5)))) {
            assertEquals(TransferError.TOO_LARGE, pushError(fx, file(100_001)));
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void hdr01HugeSizeIsTooLarge() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header()
                    .hello()
                    .send(RawPeer.fileOffer("big.bin", Long.MAX_VALUE, false, new byte[16]));
            assertEquals(Protocol.E_TOO_LARGE, ((Frame.Reject) p.read()).code());
        }
    }

    @Test
    void res06NoSpaceIsRefusedUpFront() throws Exception {
        try (Fixture fx =
                new Fixture(dir, limits(8, 1L << 40, Long.MAX_VALUE / 4, Duration.ofSeconds(5)))) {
            assertEquals(TransferError.NO_SPACE, pushError(fx, file(10)));
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void busyWhenEveryTransferSlotIsTaken() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(1, 1L << 30, 0, Duration.ofSeconds(20)));
                RawPeer holder = new RawPeer(fx.address())) {
            holder.header().hello();
            assertEquals(TransferError.BUSY, pushError(fx, file(10)));
        }
    }

    @Test
    void res05OneAddressHoldsAtMostHalfOfTheTransferSlots() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(4, 1L << 30, 0, Duration.ofSeconds(20)));
                RawPeer a = new RawPeer(fx.address());
                RawPeer b = new RawPeer(fx.address())) {
            a.header().hello();
            b.header().hello();
            // Two of four slots are taken from 127.0.0.1: a third session from there is refused ...
            assertEquals(TransferError.BUSY, pushError(fx, file(10)));
            // ... while another host still gets one of the free slots.
            try (RawPeer other =
                    new RawPeer(fx.address(), java.net.InetAddress.getByName("127.0.0.2"))) {
                other.header().hello();
            }
        }
    }

    @Test
    void deniedByTheAdmissionPolicy() throws Exception {
        try (Fixture fx =
                new Fixture(
                        dir,
                        Fixture.limits(),
                        push ->
                                push.peerId().equals(Fixture.ALICE.peerId())
                                        ? new Admission.Refuse("not you")
                                        : Admission.Decision.ADMIT)) {
            assertEquals(TransferError.DENIED, pushError(fx, file(10)));
        }
    }

    @Test
    void hdr08GarbageAfterTheMagicByteIsBadHeader() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            byte[] junk = new byte[Protocol.SESSION_HEADER_SIZE];
            junk[0] = (byte) 0x89;
            junk[1] = 'X';
            p.raw(junk);
            assertEquals(Protocol.E_BAD_HEADER, ((Frame.Reject) p.read()).code());
            assertTrue(p.closedByReceiver());
        }
    }

    @Test
    void hdr08NewerVersionIsUnsupportedVersion() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            byte[] h = new byte[Protocol.PREAMBLE_SIZE];
            System.arraycopy(Protocol.MAGIC, 0, h, 0, 8);
            h[9] = 2;
            p.raw(h);
            Frame.Reject r = (Frame.Reject) p.read();
            assertEquals(Protocol.E_UNSUPPORTED_VERSION, r.code());
            assertEquals("this receiver speaks version 1", r.message());
        }
    }

    @Test
    void hdr06FlippedByteIsChecksumMismatchAndNotPublished() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            byte[] data = {10, 20, 30, 40};
            byte[] sum = RawPeer.crc(data);
            data[3] ^= 1;
            p.header()
                    .hello()
                    .send(RawPeer.fileOffer("x.bin", 4, true, new byte[16]))
                    .raw(data)
                    .send(new Frame.Checksum(1, sum));
            assertEquals(new Frame.Accept(0), p.read());
            assertEquals(Protocol.E_CHECKSUM_MISMATCH, ((Frame.Failed) p.read()).code());
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void hdr04ShortPayloadIsIncompleteAndLeavesNoFile() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header().hello().send(RawPeer.fileOffer("half.bin", 1 << 20, false, new byte[16]));
            assertEquals(new Frame.Accept(0), p.read());
            p.raw(new byte[512 * 1024]);
            p.socket.shutdownOutput();
            // Half-closed: the receiver still says why before it closes (G5).
            assertEquals(Protocol.E_INCOMPLETE, ((Frame.Failed) p.read()).code());
            assertTrue(p.closedByReceiver());
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> fx.failures.contains("INCOMPLETE half.bin"));
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void unknownFrameIsProtocolErrorAndUnknownChecksumIsRefused() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header().hello().raw(new byte[] {0x7F, 0, 0, 0, 0});
            assertEquals(Protocol.E_PROTOCOL_ERROR, ((Frame.Failed) p.read()).code());
        }
        try (Fixture fx = new Fixture(dir.resolve("2"), Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            byte[] offer = new byte[5 + 38 + 1];
            offer[0] = Protocol.T_OFFER;
            offer[4] = 39;
            offer[5] = Protocol.KIND_FILE;
            offer[7] = 9; // checksum algorithm 9 does not exist
            offer[5 + 37] = 1;
            offer[5 + 38] = 'a';
            p.header().hello().raw(offer);
            assertEquals(Protocol.E_UNSUPPORTED_CHECKSUM, ((Frame.Failed) p.read()).code());
        }
    }

    @Test
    void res03SilentSenderAfterAcceptTimesOut() throws Exception {
        try (Fixture fx = new Fixture(dir, limits(8, 1L << 30, 0, Duration.ofMillis(500)));
                RawPeer p = new RawPeer(fx.address())) {
            p.header().hello().send(RawPeer.fileOffer("slow.bin", 1000, false, new byte[16]));
            assertEquals(new Frame.Accept(0), p.read());
            assertTrue(p.closedByReceiver());
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    fx.listing().isEmpty()
                                            && fx.failures.contains("TIMEOUT slow.bin"));
        }
    }

    @Test
    void ioErrorWhenNoCollisionNameFitsAndTheExistingFileIsKept() throws Exception {
        String name = "a".repeat(251) + ".txt"; // 255 bytes: "a… (1).txt" would exceed NAME_MAX
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve(name), 10, 1);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            Files.writeString(fx.inbox.resolve(name), "mine");
            assertEquals(TransferError.IO_ERROR, pushError(fx, src));
            assertEquals(List.of(name), fx.listing());
            assertEquals("mine", Files.readString(fx.inbox.resolve(name)));
        }
    }

    @Test
    void everyWireCodeMapsToItsErrorAndBack() {
        for (TransferError e : TransferError.values()) {
            if (e.wireCode() != 0) {
                assertEquals(e, TransferError.fromWire(e.wireCode()));
            }
        }
        assertEquals(TransferError.UNKNOWN_REMOTE_ERROR, TransferError.fromWire(999));
    }
}
