package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Fuzzes the daemon's read path, {@link JsonLineReader} then {@link
 * ControlCodec#decodeRequest(String)}: every line either decodes to a request that re-encodes and
 * decodes to itself, or fails with a {@link ControlException}; nothing else may be thrown. Under
 * {@code mvn verify} this replays the seed corpus in {@code
 * src/test/resources/dev/tft/control/ControlCodecFuzzTestInputs/decodeRequest}; to fuzz, run {@code
 * JAZZER_FUZZ=1 mvn -pl control test -Dtest=ControlCodecFuzzTest}.
 */
class ControlCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodeRequest(byte[] data) {
        JsonLineReader reader = new JsonLineReader(new ByteArrayInputStream(data), 4096);
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                roundTrip(line);
            }
        } catch (ControlException expected) {
            // Over-long line or invalid UTF-8: the daemon answers bad_request and closes.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void roundTrip(String line) {
        ControlRequest request;
        try {
            request = ControlCodec.decodeRequest(line);
        } catch (ControlException expected) {
            return;
        }
        String encoded = ControlCodec.encodeRequest(request);
        try {
            assertEquals(request, ControlCodec.decodeRequest(encoded));
        } catch (ControlException e) {
            throw new AssertionError("re-encoded request does not decode: " + encoded, e);
        }
    }
}
