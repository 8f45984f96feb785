package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;

@Timeout(10)
class JsonLineReaderTest {

    private static JsonLineReader reader(byte[] bytes, int max) {
        return new JsonLineReader(new ByteArrayInputStream(bytes), max);
    }

    private static JsonLineReader reader(String text, int max) {
        return reader(text.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    void splitsLinesDropsCrAndReturnsPartialLastLine() throws Exception {
        JsonLineReader r = reader("a\nbé\r\n\n{\"x\":1}", 100);
        assertEquals("a", r.readLine());
        assertEquals("bé", r.readLine());
        assertEquals("", r.readLine());
        assertEquals("{\"x\":1}", r.readLine());
        assertNull(r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void lineAtTheBoundIsAcceptedOneMoreByteIsNot() throws Exception {
        String ok = "x".repeat(10);
        JsonLineReader r = reader(ok + "\n" + ok + "\r\n" + ok + "y\n", 10);
        assertEquals(ok, r.readLine());
        assertEquals(ok, r.readLine());
        ControlException e = assertThrows(ControlException.class, r::readLine);
        assertEquals(ControlError.Code.BAD_REQUEST, e.code());
    }

    @Test
    void endlessLineFailsWithoutBufferingItAll() throws IOException {
        // 1 MiB without a newline against the default 64 KiB bound, across many buffer fills.
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 'a');
        JsonLineReader r = new JsonLineReader(Channels.newChannel(new ByteArrayInputStream(junk)));
        ControlException e = assertThrows(ControlException.class, r::readLine);
        assertTrue(e.getMessage().contains("longer than 65536"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "e08080", "eda080", "f4908080", "80", "c3", "61e282"})
    void invalidUtf8IsRejected(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex + "0a");
        ControlException e =
                assertThrows(ControlException.class, () -> reader(bytes, 100).readLine());
        assertEquals(ControlError.Code.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("UTF-8"));
    }

    @Test
    void fourByteUtf8IsFine() throws Exception {
        assertEquals("\uD83D\uDE00", reader("\uD83D\uDE00\n", 4).readLine());
    }

    @Test
    void readsManyLinesFromAChannel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonLineReader r =
                new JsonLineReader(
                        Channels.newChannel(new ByteArrayInputStream(out.toByteArray())), 64);
        for (int i = 0; i < 5000; i++) {
            assertEquals("{\"n\":" + i + "}", r.readLine());
        }
        assertNull(r.readLine());
    }
}
