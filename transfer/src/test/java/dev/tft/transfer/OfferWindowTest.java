package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sender's reply matching, fed with frames: no socket, no thread. */
final class OfferWindowTest {
    private final List<String> stored = new ArrayList<>();
    private final OfferWindow w =
            new OfferWindow(
                    new TransferListener() {
                        @Override
                        public void fileStored(String name, String storedName, long size) {
                            stored.add(name + "->" + storedName);
                        }
                    });

    private static SendPlan.Item file(String path) {
        return new SendPlan.Item(false, path, Path.of(path), 3, 0, new byte[16]);
    }

    private static Reply r(Frame f) {
        return new Reply.Received(f);
    }

    @Test
    void repliesAreMatchedToOffersInOrder() throws Exception {
        w.handle(r(new Frame.Hello(1, "bob", "Bob")));
        assertTrue(w.greeted());
        w.offered(file("a"));
        w.offered(file("b"));
        w.handle(r(new Frame.Accept(0)));
        w.handle(r(new Frame.Stored("a")));
        w.handle(r(new Frame.Accept(0)));
        w.handle(r(new Frame.Stored("b (1)")));
        assertEquals(0, w.unanswered());
        assertEquals(List.of("a->a", "b->b (1)"), stored);
        assertEquals("b (1)", w.stored().get(1).storedName());
    }

    @Test
    void aRejectBeforeHelloRefusesTheSessionWithTheReceiversCode() {
        TransferException e =
                assertThrows(
                        TransferException.class,
                        () -> w.handle(r(new Frame.Reject(Protocol.E_DENIED, "not you"))));
        assertEquals(TransferError.DENIED, e.error());
        assertTrue(e.getMessage().contains("not you"));
    }

    @Test
    void anythingButHelloFirstIsNotTft() {
        assertEquals(
                TransferError.NOT_TFT,
                assertThrows(TransferException.class, () -> w.handle(r(new Frame.Accept(0))))
                        .error());
    }

    @Test
    void storedBeforeAcceptIsOutOfOrder() throws Exception {
        w.handle(r(new Frame.Hello(1, "bob", "Bob")));
        w.offered(file("a"));
        assertEquals(
                TransferError.PROTOCOL_ERROR,
                assertThrows(TransferException.class, () -> w.handle(r(new Frame.Stored("a"))))
                        .error());
    }

    @Test
    void theOldestOfferStreamsOnlyOnItsOwnAccept() throws Exception {
        w.handle(r(new Frame.Hello(1, "bob", "Bob")));
        OfferWindow.Pending first = w.offered(file("a"));
        OfferWindow.Pending second = w.offered(file("b"));
        assertFalse(w.acceptsNow(second, r(new Frame.Accept(0))));
        assertTrue(w.acceptsNow(first, r(new Frame.Accept(0))));
        assertTrue(first.accepted());
    }

    @Test
    void theReadersEndFailsWithItsReason() {
        TransferException e =
                assertThrows(
                        TransferException.class,
                        () ->
                                w.handle(
                                        new Reply.End(
                                                TransferError.CONNECTION_LOST, "connection lost")));
        assertEquals(TransferError.CONNECTION_LOST, e.error());
    }
}
