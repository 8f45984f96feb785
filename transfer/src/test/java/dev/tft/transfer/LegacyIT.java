package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed's form, forever: 1024 bytes of {@code NAME|SIZE}, raw bytes, no reply, receiver closes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LegacyIT {
    @TempDir Path dir;

    private static byte[] header(String text, byte pad) {
        byte[] h = new byte[1024];
        Arrays.fill(h, pad);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, h, 0, t.length);
        return h;
    }

    /** Sends a legacy push from a plain socket; returns true if the receiver closed afterwards. */
    private static boolean push(Fixture fx, byte[] header, byte[] payload) throws Exception {
        try (Socket s = new Socket(fx.address().getAddress(), fx.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(header);
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            try {
                return in.read() < 0;
            } catch (java.net.SocketException reset) {
                return true; // closed with our unread payload in its buffer: TCP says RST
            }
        }
    }

    @ParameterizedTest(name = "padding 0x{0}")
    @ValueSource(bytes = {0x00, 0x20})
    void plainSocketPushIsStoredAndClosed(byte pad) throws Exception {
        byte[] data = "hello, seed".getBytes(StandardCharsets.UTF_8);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            assertTrue(push(fx, header("report.pdf|" + data.length, pad), data));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fx.received.size() == 1);
            assertArrayEquals(data, Files.readAllBytes(fx.inbox.resolve("report.pdf")));
            assertEquals("", fx.received.get(0).senderId());
        }
    }

    @Test
    void path01LegacyTraversalIsDroppedWithoutAFile() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            assertTrue(push(fx, header("../../evil|3", (byte) 0), new byte[] {1, 2, 3}));
            assertTrue(push(fx, header("a\u202Efdp.exe|3", (byte) 0), new byte[] {1, 2, 3}));
            assertEquals(List.of(), fx.listing());
            assertTrue(Files.notExists(dir.resolve("evil")));
        }
    }

    @Test
    void shortLegacyPayloadLeavesNothing() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                Socket s = new Socket(fx.address().getAddress(), fx.address().getPort())) {
            s.getOutputStream().write(header("x.bin|100", (byte) ' '));
            s.getOutputStream().write(new byte[40]);
            s.shutdownOutput();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> fx.failures.contains("INCOMPLETE x.bin"));
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void pushLegacyIntoTheReceiver() throws Exception {
        Path src =
                Fixture.randomFile(
                        Files.createDirectories(dir.resolve("src")).resolve("seed.bin"),
                        3_000_000,
                        3);
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            PushResult r = Fixture.sender().pushLegacy(fx.address(), src, TransferListener.NONE);
            assertEquals(3_000_000, r.bytes());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fx.received.size() == 1);
            assertEquals(Fixture.sha256(src), Fixture.sha256(fx.inbox.resolve("seed.bin")));
        }
    }
}
