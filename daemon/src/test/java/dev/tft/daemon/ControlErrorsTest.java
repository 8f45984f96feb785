package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlError;
import dev.tft.control.ControlError.Code;
import dev.tft.transfer.TransferError;
import dev.tft.transfer.TransferException;

import org.junit.jupiter.api.Test;

class ControlErrorsTest {
    @Test
    void receiverRefusalsAreRejectedAndLocalProblemsKeepTheirOwnCode() {
        assertEquals(Code.REJECTED, ControlErrors.code(TransferError.NO_SPACE));
        assertEquals(Code.REJECTED, ControlErrors.code(TransferError.BAD_NAME));
        assertEquals(Code.BUSY, ControlErrors.code(TransferError.BUSY));
        assertEquals(Code.PEER_UNREACHABLE, ControlErrors.code(TransferError.CONNECT_FAILED));
        assertEquals(Code.CANCELLED, ControlErrors.code(TransferError.CANCELLED));
        assertEquals(Code.SOURCE_ERROR, ControlErrors.code(TransferError.SOURCE_CHANGED));
        assertEquals(Code.TRANSFER_FAILED, ControlErrors.code(TransferError.CONNECTION_LOST));
    }

    @Test
    void messageIsOneLineWithTheNextStep() {
        ControlError e =
                ControlErrors.of(
                        new TransferException(
                                TransferError.CONNECTION_LOST, "connection reset\nafter 3 MiB"),
                        "laptop");
        assertEquals(Code.TRANSFER_FAILED, e.code());
        assertTrue(e.message().startsWith("push to laptop failed: "), e.message());
        assertTrue(e.message().endsWith("push again to resume"), e.message());
        assertTrue(!e.message().contains("\n"), e.message());
    }

    @Test
    void twinsAreListedOncePerPeerWithTheStartOfTheirId() throws Exception {
        java.time.Instant t = java.time.Instant.EPOCH;
        java.util.function.BiFunction<String, String, dev.tft.discovery.Peer> peer =
                (name, id) ->
                        new dev.tft.discovery.Peer(
                                new dev.tft.discovery.PeerId(id),
                                "",
                                name,
                                java.util.List.of(),
                                5001,
                                "1",
                                "linux",
                                t,
                                t,
                                dev.tft.discovery.PeerState.UP,
                                true,
                                false);
        ControlError e =
                ControlErrors.of(
                        new dev.tft.discovery.Resolution.Ambiguous(
                                "twin",
                                java.util.List.of(
                                        peer.apply("twin", "aaaaaaaaaaaaaaaaaaaaaaaaaa"),
                                        peer.apply("Twin", "bbbbbbbbbbbbbbbbbbbbbbbbbb"),
                                        peer.apply("twinkle", "cccccccccccccccccccccccccc"))));
        assertEquals(Code.AMBIGUOUS_PEER, e.code());
        assertTrue(e.message().contains("matches 3 peers"), e.message());
        assertEquals(
                java.util.List.of("twin (id aaaaaaaa)", "Twin (id bbbbbbbb)", "twinkle"),
                e.candidates());
    }
}
