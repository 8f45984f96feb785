package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ControlClient over a real Unix-domain socket against a scripted stand-in daemon. */
@Timeout(20)
class ControlClientTest {
    @TempDir Path dir;

    @Test
    void callSendsTheRequestLineAndDecodesTheReply() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (ScriptedServer server =
                        new ScriptedServer(
                                sock,
                                false,
                                ControlCodec.peers(List.of(ControlCodecGoldenTest.LAPTOP)));
                ControlClient client = ControlClient.connect(sock)) {
            ControlReply reply = client.call(new ControlRequest.Peers());
            assertEquals(new ControlReply.PeerList(List.of(ControlCodecGoldenTest.LAPTOP)), reply);
            assertEquals(List.of("{\"op\":\"peers\"}"), server.requests);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test, not used
    void pushStreamsEventsUntilEof() throws Exception {
        Path sock = dir.resolve("tft.sock");
        PushEvent accepted = new PushEvent.Accepted("p-1", "laptop", "id", "127.0.0.1:5001", 1, 3);
        PushEvent done = new PushEvent.Done(List.of(new StoredView("a", "a", 3)), 3, 0.1);
        try (ScriptedServer server =
                        new ScriptedServer(
                                sock,
                                false,
                                ControlCodec.event(accepted),
                                ControlCodec.event(done));
                ControlClient client = ControlClient.connect(sock)) {
            client.send(new ControlRequest.Push("laptop", List.of("/tmp/a")));
            assertEquals(accepted, client.readEvent());
            assertEquals(done, client.readEvent());
            assertNull(client.readEvent());
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test, not used
    void eofWithoutReplyAndGarbledReplyAreDistinct() throws Exception {
        Path a = dir.resolve("a.sock");
        try (ScriptedServer server = new ScriptedServer(a, false);
                ControlClient client = ControlClient.connect(a)) {
            assertThrows(EOFException.class, () -> client.call(new ControlRequest.Status()));
        }
        Path b = dir.resolve("b.sock");
        try (ScriptedServer server = new ScriptedServer(b, false, "<html>");
                ControlClient client = ControlClient.connect(b)) {
            ControlException e =
                    assertThrows(
                            ControlException.class, () -> client.call(new ControlRequest.Status()));
            assertEquals(ControlError.Code.BAD_REQUEST, e.code());
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksTheReaderAndTheServerSeesEof() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (ScriptedServer server =
                new ScriptedServer(
                        sock, true, ControlCodec.event(new PushEvent.FileStarted("a", 10, 0)))) {
            ControlClient client = ControlClient.connect(sock);
            client.send(new ControlRequest.Push("laptop", List.of("/tmp/a")));
            assertInstanceOf(PushEvent.FileStarted.class, client.readEvent());
            Thread closer = new Thread(client::close);
            closer.start();
            assertThrows(IOException.class, client::readEvent);
            assertTrue(server.clientClosed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void missingSocketIsNoSocket() {
        Path sock = dir.resolve("absent.sock");
        DaemonUnavailableException e =
                assertThrows(DaemonUnavailableException.class, () -> ControlClient.connect(sock));
        assertEquals(DaemonUnavailableException.Reason.NO_SOCKET, e.reason());
        assertEquals(sock, e.socket());
    }

    @Test
    void staleSocketIsNotListening() throws Exception {
        Path sock = dir.resolve("stale.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(sock));
        s.close(); // the file stays behind, as after a crash
        assertTrue(Files.exists(sock));
        DaemonUnavailableException e =
                assertThrows(DaemonUnavailableException.class, () -> ControlClient.connect(sock));
        assertEquals(DaemonUnavailableException.Reason.NOT_LISTENING, e.reason());
    }

    @Test
    void regularFileIsNotListening() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        DaemonUnavailableException e =
                assertThrows(DaemonUnavailableException.class, () -> ControlClient.connect(file));
        assertEquals(DaemonUnavailableException.Reason.NOT_LISTENING, e.reason());
    }
}
