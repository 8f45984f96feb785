package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.PushEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every error becomes one stderr line and the documented exit code. */
@Timeout(20)
class ErrorsTest {
    @TempDir Path dir;

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(ControlError.Code.BAD_REQUEST, 65),
                Arguments.of(ControlError.Code.UNKNOWN_OP, 70),
                Arguments.of(ControlError.Code.UNKNOWN_PEER, 68),
                Arguments.of(ControlError.Code.AMBIGUOUS_PEER, 68),
                Arguments.of(ControlError.Code.PEER_UNREACHABLE, 69),
                Arguments.of(ControlError.Code.REJECTED, 77),
                Arguments.of(ControlError.Code.BUSY, 75),
                Arguments.of(ControlError.Code.TRANSFER_FAILED, 74),
                Arguments.of(ControlError.Code.SOURCE_ERROR, 66),
                Arguments.of(ControlError.Code.CANCELLED, 130),
                Arguments.of(ControlError.Code.NOT_FOUND, 70),
                Arguments.of(ControlError.Code.PERMISSION_DENIED, 77),
                Arguments.of(ControlError.Code.INTERNAL, 70),
                Arguments.of(ControlError.Code.NO_OFFER, 65),
                Arguments.of(ControlError.Code.AMBIGUOUS_OFFER, 65),
                Arguments.of(ControlError.Code.NOT_TRUSTED, 68));
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @ParameterizedTest
    @MethodSource("codes")
    void everyDaemonErrorMapsToItsExitCode(ControlError.Code code, int exit) throws Exception {
        assertEquals(exit, ExitCode.forError(code).code());
        Path sock = dir.resolve("tft.sock");
        Path file = Files.writeString(dir.resolve("f"), "x");
        String message = "went wrong: do this";
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.event(
                                new PushEvent.Failed(new ControlError(code, message))))) {
            CliHarness.Result push = CliHarness.run(sock, false, "push", "p", file.toString());
            assertEquals(exit, push.code().code());
            CliHarness.Result peers = CliHarness.run(sock, false, "peers");
            assertEquals(exit, peers.code().code());
            for (CliHarness.Result r : List.of(push, peers)) {
                assertTrue(r.err().startsWith("tft: " + message), r.err());
                assertEquals(1, r.err().lines().count(), r.err());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ControlError.Code.class)
    void mappingIsTotal(ControlError.Code code) {
        ExitCode.forError(code);
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void unknownPeerListsKnownPeersEscaped() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                new ControlError(
                                        ControlError.Code.UNKNOWN_PEER,
                                        "no peer matches \"lap\"",
                                        List.of("desk", "ev\u001Bil"))))) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers");
            assertEquals(ExitCode.NOHOST, r.code());
            assertEquals("tft: no peer matches \"lap\" (known peers: desk, ev\\x1Bil)\n", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void ambiguousPeerListsCandidates() throws Exception {
        Path sock = dir.resolve("tft.sock");
        Path file = Files.writeString(dir.resolve("f"), "x");
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                new ControlError(
                                        ControlError.Code.AMBIGUOUS_PEER,
                                        "\"la\" matches several peers: use more of the name",
                                        List.of("laptop", "lab"))))) {
            CliHarness.Result r = CliHarness.run(sock, false, "push", "la", file.toString());
            assertEquals(ExitCode.NOHOST, r.code());
            assertEquals(
                    "tft: \"la\" matches several peers: use more of the name (matching peers:"
                            + " laptop, lab)\n",
                    r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void hungDaemonTimesOut() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = new FakeDaemon(sock, true, List.of())) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers");
            assertEquals(ExitCode.UNAVAILABLE, r.code());
            assertTrue(
                    r.err().startsWith("tft: the tft daemon did not answer within 2 s"), r.err());
            assertEquals(1, r.err().lines().count());
        }
    }

    @Test
    void daemonNotRunning() {
        Path sock = dir.resolve("tft.sock");
        CliHarness.Result r = CliHarness.run(sock, false, "peers");
        assertEquals(69, r.code().code());
        assertEquals(
                "tft: the tft daemon is not running (no socket at "
                        + sock
                        + "): start it with"
                        + " `systemctl --user start tft` or `tft daemon`\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void staleSocketIsNotRunningToo() throws Exception {
        Path sock = dir.resolve("tft.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(sock));
        s.close();
        CliHarness.Result r = CliHarness.run(sock, false, "status");
        assertEquals(ExitCode.UNAVAILABLE, r.code());
        assertTrue(
                r.err().startsWith("tft: the tft daemon is not running (nothing listening on"),
                r.err());
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void garbledOrMissingReplyIsProtocolError() throws Exception {
        Path a = dir.resolve("a.sock");
        try (FakeDaemon d = FakeDaemon.replying(a, "HTTP/1.1 400 Bad Request")) {
            CliHarness.Result r = CliHarness.run(a, false, "peers");
            assertEquals(ExitCode.PROTOCOL, r.code());
            assertTrue(r.err().startsWith("tft: garbled reply from the daemon"), r.err());
            assertEquals(1, r.err().lines().count());
        }
        Path b = dir.resolve("b.sock");
        try (FakeDaemon d = FakeDaemon.replying(b)) {
            assertEquals(ExitCode.PROTOCOL, CliHarness.run(b, false, "status").code());
        }
        Path c = dir.resolve("c.sock");
        try (FakeDaemon d = FakeDaemon.replying(c, ControlCodec.ok())) {
            CliHarness.Result r = CliHarness.run(c, false, "peers");
            assertEquals(ExitCode.PROTOCOL, r.code());
        }
    }
}
