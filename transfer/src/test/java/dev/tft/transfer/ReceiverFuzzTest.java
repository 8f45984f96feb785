package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * HDR-12 end to end: any byte string sent to a live receiver on loopback leaves nothing outside the
 * inbox (G1) and the receiver keeps serving. Seeds in {@code
 * ReceiverFuzzTestInputs/anyBytesStayInsideTheInbox}.
 */
class ReceiverFuzzTest {
    private static Path root;
    private static Receiver receiver;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createTempDirectory("tft-rx-fuzz");
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        ReceiverLimits limits =
                new ReceiverLimits(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), 64, 64, 8, 1L << 20, 0);
        receiver =
                Receiver.start(
                        new ReceiverConfig(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                inbox,
                                Fixture.BOB,
                                limits),
                        ReceiverListener.NONE);
    }

    @AfterAll
    static void stop() throws IOException {
        receiver.close();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    @SuppressWarnings("try") // the resource is held open for the test, not used
    void anyBytesStayInsideTheInbox(byte[] input) throws IOException {
        InetSocketAddress a = receiver.localAddress();
        // The harness itself connects to the receiver; Jazzer's SSRF detector is told that this
        // port is fine.
        try (SilentCloseable allowed =
                        BugDetectors.allowNetworkConnections((host, port) -> port == a.getPort());
                Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(5_000);
            try {
                s.getOutputStream().write(input);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // Drain replies until the receiver closes.
                }
            } catch (IOException resetOrRefused) {
                // The receiver may close or reset first: fine.
            }
        }
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(root.resolve("inbox")), s.toList());
        }
    }
}
