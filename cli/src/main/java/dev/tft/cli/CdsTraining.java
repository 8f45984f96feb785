package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.JsonLineReader;
import dev.tft.control.PeerView;
import dev.tft.control.PushEvent;
import dev.tft.control.StatusView;
import dev.tft.control.StoredView;
import dev.tft.control.TransferView;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code tft __cds-train} (hidden): runs {@code peers}, {@code peers --json}, {@code status} and a
 * {@code push} with a progress bar against an in-process stand-in daemon on a temporary Unix
 * socket, printing nothing. Run under {@code -XX:ArchiveClassesAtExit} it makes an AppCDS archive
 * that holds every class a real command loads (jackson-core, the codec, the socket), which a
 * failing {@code tft status} would not: the archive is what keeps {@code tft peers} fast.
 */
final class CdsTraining {
    /** Any well-formed fingerprint (SHA-256 of nothing): {@code status} prints it in blocks. */
    private static final String TRAINING_FINGERPRINT =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private CdsTraining() {}

    static ExitCode run() throws IOException {
        Path dir = Files.createTempDirectory("tft-cds");
        Path sock = dir.resolve("train.sock");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t =
                    new Thread(
                            new Runnable() {
                                @Override
                                public void run() {
                                    serve(server);
                                }
                            },
                            "tft-cds-train");
            t.setDaemon(true);
            t.start();
            PrintStream nul =
                    new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Tft tft =
                    new Tft(
                            Map.of("TFT_SOCKET", sock.toString()),
                            nul,
                            nul,
                            true,
                            Clock.systemUTC(),
                            Duration.ofSeconds(10));
            Tft piped =
                    new Tft(
                            Map.of("TFT_SOCKET", sock.toString()),
                            nul,
                            nul,
                            false,
                            Clock.systemUTC(),
                            Duration.ofSeconds(10));
            ExitCode[] results = {
                tft.run("peers"),
                tft.run("peers", "--json"),
                tft.run("status"),
                tft.run("push", "train", file.toString()),
                piped.run("push", "--json", "train", file.toString())
            };
            for (ExitCode r : results) {
                if (r != ExitCode.OK) {
                    return ExitCode.SOFTWARE; // training drifted from the commands: fix CdsTraining
                }
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return ExitCode.OK;
    }

    private static void serve(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                ControlRequest request =
                        ControlCodec.decodeRequest(new JsonLineReader(ch).readLine());
                for (String line : reply(request)) {
                    ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException | ControlException | RuntimeException e) {
                return; // the server was closed, or training input was off: nothing to report
            }
        }
    }

    private static List<String> reply(ControlRequest request) {
        Instant seen = Instant.parse("2026-01-01T00:00:00Z");
        if (request instanceof ControlRequest.Peers) {
            return List.of(
                    ControlCodec.peers(
                            List.of(
                                    new PeerView(
                                            "peer\u001B",
                                            "id",
                                            TRAINING_FINGERPRINT,
                                            List.of("10.0.0.1", "fe80::1%eth0"),
                                            5001,
                                            "linux",
                                            "1",
                                            "up",
                                            seen,
                                            seen,
                                            false,
                                            "mdns"))));
        }
        if (request instanceof ControlRequest.Status) {
            return List.of(
                    ControlCodec.status(
                            new StatusView(
                                    "me",
                                    "id",
                                    TRAINING_FINGERPRINT,
                                    5001,
                                    "/inbox",
                                    "0",
                                    1,
                                    List.of(new TransferView("in", "p", "f", 1, 2)))));
        }
        return List.of(
                ControlCodec.event(
                        new PushEvent.Accepted("p-1", "train", "id", "10.0.0.1:5001", 1, 1)),
                ControlCodec.event(new PushEvent.FileStarted("file.txt", 1, 0)),
                ControlCodec.event(new PushEvent.Progress(0, 1, 0, 1, 1.5)),
                ControlCodec.event(new PushEvent.Stored("file.txt", "file (1).txt", 1)),
                ControlCodec.event(
                        new PushEvent.Done(
                                List.of(new StoredView("file.txt", "file (1).txt", 1)), 1, 0.5)));
    }
}
