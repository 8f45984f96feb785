package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.HistoryEntryView;
import dev.tft.control.JsonLineReader;
import dev.tft.control.OfferView;
import dev.tft.control.PeerRef;
import dev.tft.control.PeerView;
import dev.tft.control.PolicyView;
import dev.tft.control.PushEvent;
import dev.tft.control.StatusView;
import dev.tft.control.StoredView;
import dev.tft.control.TransferView;
import dev.tft.control.TrustedView;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code tft __cds-train} (hidden): runs every command that talks to the daemon ({@code peers},
 * {@code status}, {@code pending}, {@code accept}, {@code reject}, {@code open}, {@code trust},
 * {@code untrust}, {@code history}, with and without {@code --json}; a {@code push} that waits for
 * the receiver's owner, with a progress bar) and a daemon error against an in-process stand-in
 * daemon on a temporary Unix socket, printing nothing. Run under {@code -XX:ArchiveClassesAtExit}
 * it makes an AppCDS archive that holds every class a real command loads (jackson-core, the codec,
 * the socket, the time zone rules), which a failing {@code tft status} would not: the archive is
 * what keeps {@code tft peers} fast.
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
            // LocalClock as in Main: the training resolves the real default zone.
            Tft tft =
                    new Tft(
                            Map.of("TFT_SOCKET", sock.toString()),
                            nul,
                            nul,
                            true,
                            new LocalClock(),
                            Duration.ofSeconds(10));
            Tft piped =
                    new Tft(
                            Map.of("TFT_SOCKET", sock.toString()),
                            nul,
                            nul,
                            false,
                            new LocalClock(),
                            Duration.ofSeconds(10));
            ExitCode[] results = {
                tft.run("peers"),
                tft.run("peers", "--json"),
                tft.run("status"),
                tft.run("status", "--json"),
                tft.run("pending"),
                tft.run("pending", "--json"),
                tft.run("accept", "--trust"),
                tft.run("reject", "o-1"),
                tft.run("open", "10m"),
                tft.run("open", "--off"),
                tft.run("trust"),
                tft.run("trust", "--json"),
                tft.run("trust", "train"),
                tft.run("untrust", "train"),
                tft.run("history", "-n", "5"),
                tft.run("history", "--json"),
                tft.run("push", "train", file.toString()),
                piped.run("push", "train", file.toString()),
                piped.run("push", "--json", "train", file.toString())
            };
            for (ExitCode r : results) {
                if (r != ExitCode.OK) {
                    return ExitCode.SOFTWARE; // training drifted from the commands: fix CdsTraining
                }
            }
            // The error path: a daemon error with candidates becomes one line and an exit code.
            if (tft.run("untrust", "nobody") != ExitCode.NOHOST) {
                return ExitCode.SOFTWARE;
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
        PeerRef peer = new PeerRef("train\u001B", "id", "10.0.0.1:40000");
        OfferView offer =
                new OfferView("o-1", peer, false, 4, 1234, List.of("a", "b", "c"), 5, 295);
        TrustedView trusted = new TrustedView("id", "train", TRAINING_FINGERPRINT, seen);
        if (request instanceof ControlRequest.Pending) {
            return List.of(
                    ControlCodec.offers(
                            List.of(
                                    offer,
                                    new OfferView(
                                            "o-2",
                                            new PeerRef("", "", "10.0.0.2:1"),
                                            true,
                                            1,
                                            1,
                                            List.of("x"),
                                            0,
                                            300))));
        }
        if (request instanceof ControlRequest.Accept || request instanceof ControlRequest.Reject) {
            return List.of(ControlCodec.offer(offer));
        }
        if (request instanceof ControlRequest.Open) {
            boolean off = ((ControlRequest.Open) request).off();
            return List.of(
                    ControlCodec.policy(
                            new PolicyView(
                                    PolicyView.ASK, off ? null : Instant.now().plusSeconds(600))));
        }
        if (request instanceof ControlRequest.Trusted) {
            return List.of(ControlCodec.trusted(List.of(trusted)));
        }
        if (request instanceof ControlRequest.Trust) {
            return List.of(ControlCodec.trusted(List.of(trusted)));
        }
        if (request instanceof ControlRequest.Untrust) {
            return List.of(
                    ((ControlRequest.Untrust) request).peer().equals("nobody")
                            ? ControlCodec.error(
                                    new ControlError(
                                            ControlError.Code.NOT_TRUSTED,
                                            "nobody is not trusted",
                                            List.of("train")))
                            : ControlCodec.trusted(List.of(trusted)));
        }
        if (request instanceof ControlRequest.History) {
            return List.of(
                    ControlCodec.history(
                            List.of(
                                    new HistoryEntryView(
                                            Instant.now(),
                                            "in",
                                            peer,
                                            false,
                                            1,
                                            1,
                                            HistoryEntryView.STORED,
                                            List.of("a"),
                                            ""),
                                    new HistoryEntryView(
                                            seen,
                                            "out",
                                            peer,
                                            false,
                                            1,
                                            1,
                                            HistoryEntryView.REJECTED,
                                            List.of(),
                                            "train refused the push"))));
        }
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
                                            "mdns",
                                            true))));
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
                                    List.of(new TransferView("in", "p", "f", 1, 2)),
                                    new PolicyView(
                                            PolicyView.ASK, Instant.now().plusSeconds(60)))));
        }
        return List.of(
                ControlCodec.event(
                        new PushEvent.Accepted("p-1", "train", "id", "10.0.0.1:5001", 1, 1)),
                ControlCodec.event(new PushEvent.Waiting("train", 300)),
                ControlCodec.event(new PushEvent.FileStarted("file.txt", 1, 0)),
                ControlCodec.event(new PushEvent.Progress(0, 1, 0, 1, 1.5)),
                ControlCodec.event(new PushEvent.Stored("file.txt", "file (1).txt", 1)),
                ControlCodec.event(
                        new PushEvent.Done(
                                List.of(new StoredView("file.txt", "file (1).txt", 1)), 1, 0.5)));
    }
}
