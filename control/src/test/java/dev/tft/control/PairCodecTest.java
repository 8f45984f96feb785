package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Golden lines of the pairing requests and events. */
final class PairCodecTest {
    private static final String FP =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void requestsRoundTrip() throws Exception {
        assertEquals(
                "{\"op\":\"pair\",\"peer\":\"bravo\"}",
                ControlCodec.encodeRequest(new ControlRequest.Pair("bravo")));
        assertEquals(
                "{\"op\":\"confirm\",\"yes\":true}",
                ControlCodec.encodeRequest(new ControlRequest.Confirm(true)));
        assertEquals(
                new ControlRequest.Pair("bravo"),
                ControlCodec.decodeRequest("{\"op\":\"pair\",\"peer\":\"bravo\"}"));
        assertEquals(
                new ControlRequest.Confirm(false),
                ControlCodec.decodeRequest("{\"op\":\"confirm\",\"yes\":false}"));
        assertThrows(ControlException.class, () -> ControlCodec.decodeRequest("{\"op\":\"pair\"}"));
    }

    @Test
    void eventsRoundTrip() throws Exception {
        List<PairEvent> events =
                List.of(
                        new PairEvent.Waiting("bravo", "initiator"),
                        new PairEvent.Code("042917", "bravo", "4oymiquy7qobjgx36tejs35zeq", FP),
                        new PairEvent.Paired("bravo", "4oymiquy7qobjgx36tejs35zeq", FP),
                        new PairEvent.Failed(
                                new ControlError(ControlError.Code.REJECTED, "bravo declined")));
        assertEquals(
                "{\"event\":\"code\",\"code\":\"042917\",\"peer\":\"bravo\","
                        + "\"id\":\"4oymiquy7qobjgx36tejs35zeq\",\"fingerprint\":\""
                        + FP
                        + "\"}",
                ControlCodec.pairEvent(events.get(1)));
        for (PairEvent e : events) {
            assertEquals(e, ControlCodec.decodePairEvent(ControlCodec.pairEvent(e)));
        }
        assertThrows(
                ControlException.class,
                () -> ControlCodec.decodePairEvent("{\"event\":\"code\",\"code\":\"12\"}"));
    }
}
