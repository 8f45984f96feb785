package dev.tft.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlRequest;
import dev.tft.control.PushEvent;
import dev.tft.control.StoredView;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code tft push} rendering, exit codes and Ctrl-C against a scripted daemon. */
@Timeout(30)
class PushTest {
    @TempDir Path dir;
    Path sock;
    Path file;
    Path folder;

    static final List<String> EVENTS =
            List.of(
                    ControlCodec.event(
                            new PushEvent.Accepted(
                                    "p-7", "lap\u001B[31mtop", "id-1", "10.0.0.5:5001", 2, 3000)),
                    ControlCodec.event(new PushEvent.FileStarted("a.txt", 1000, 0)),
                    ControlCodec.event(new PushEvent.Progress(500, 3000, 500, 1000, 1000.0)),
                    ControlCodec.event(new PushEvent.Stored("a.txt", "a (1).txt", 1000)),
                    ControlCodec.event(new PushEvent.FileStarted("dir/b\u202E.txt", 2000, 500)),
                    ControlCodec.event(
                            new PushEvent.Stored("dir/b\u202E.txt", "dir/b\u202E.txt", 2000)),
                    ControlCodec.event(
                            new PushEvent.Done(
                                    List.of(
                                            new StoredView("a.txt", "a (1).txt", 1000),
                                            new StoredView(
                                                    "dir/b\u202E.txt", "dir/b\u202E.txt", 2000)),
                                    3000,
                                    1.5)));

    @BeforeEach
    void files() throws Exception {
        sock = dir.resolve("tft.sock");
        file = Files.writeString(dir.resolve("a.txt"), "x".repeat(1000));
        folder = Files.createDirectory(dir.resolve("dir"));
    }

    @Test
    void plainOutputWhenPiped() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            CliHarness.Result r =
                    CliHarness.run(
                            sock, false, "push", "laptop", file.toString(), folder.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    String.join(
                            "\n",
                            "pushing 2 files (3.0 KB) to lap\\x1B[31mtop at 10.0.0.5:5001",
                            "stored a.txt as a (1).txt (1.0 KB)",
                            "resuming dir/b\\u{202E}.txt at 500 B of 2.0 KB",
                            "stored dir/b\\u{202E}.txt (2.0 KB)",
                            "done: 2 files, 3.0 KB in 1.5 s (2.0 KB/s)",
                            "  note: a.txt was renamed to a (1).txt (a file with that name existed)",
                            ""),
                    r.out());
            assertEquals("", r.err(), "no progress bar when piped");
            assertEquals(
                    ControlCodec.encodeRequest(
                            new ControlRequest.Push(
                                    "laptop", List.of(file.toString(), folder.toString()))),
                    d.requests.get(0));
        }
    }

    @Test
    void relativePathsAreMadeAbsolute() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path rel = cwd.relativize(file);
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            assertEquals(
                    ExitCode.OK,
                    CliHarness.run(sock, false, "push", "laptop", rel.toString()).code());
            assertTrue(
                    d.requests.get(0).contains("\"paths\":[\"" + file + "\"]"), d.requests.get(0));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void jsonPrintsEveryEventLineAsReceived() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            CliHarness.Result r =
                    CliHarness.run(sock, true, "push", "--json", "laptop", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(String.join("\n", EVENTS) + "\n", r.out());
            assertEquals("", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void progressBarOnATerminal() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            CliHarness.Result r = CliHarness.run(sock, true, "push", "laptop", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(
                    r.err()
                            .contains(
                                    "\r 16% [####....................] 1.0 KB/s  ETA 0:03  a.txt"
                                            + "\u001B[K"),
                    r.err());
            assertTrue(r.err().endsWith("\r\u001B[K"), "bar cleared before the result lines");
            assertTrue(r.out().startsWith("pushing 2 files"));
        }
    }

    @Test
    void rawPushSendsTheLegacyRequest() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            CliHarness.Result r =
                    CliHarness.run(sock, false, "push", "--raw", "10.0.0.5:5001", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    "{\"op\":\"push\",\"raw\":true,\"peer\":\"10.0.0.5:5001\",\"paths\":[\""
                            + file
                            + "\"]}",
                    d.requests.get(0));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void errorEventEndsWithOneLineAndTheMappedCode() throws Exception {
        String error =
                ControlCodec.event(
                        new PushEvent.Failed(
                                new ControlError(
                                        ControlError.Code.REJECTED,
                                        "receiver refused a.txt: no space (needs 1.2 GB)")));
        try (FakeDaemon d = new FakeDaemon(sock, false, List.of(EVENTS.get(0), error))) {
            CliHarness.Result r = CliHarness.run(sock, false, "push", "laptop", file.toString());
            assertEquals(ExitCode.NOPERM, r.code());
            assertEquals("tft: receiver refused a.txt: no space (needs 1.2 GB)\n", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void connectionLostMidPushIsIoError() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS.subList(0, 3))) {
            CliHarness.Result r = CliHarness.run(sock, false, "push", "laptop", file.toString());
            assertEquals(ExitCode.IOERR, r.code());
            assertTrue(
                    r.err()
                            .startsWith(
                                    "tft: the daemon closed the connection before the push"
                                            + " finished"),
                    r.err());
            assertEquals(1, r.err().lines().count());
        }
    }

    @Test
    void ctrlCClosesTheSocketAndExits130WithOneLine() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, true, EVENTS.subList(0, 3))) {
            CliHarness h = new CliHarness(sock, true);
            CompletableFuture<ExitCode> run =
                    CompletableFuture.supplyAsync(
                            () -> h.tft.run("push", "laptop", file.toString()));
            await().atMost(Duration.ofSeconds(10)).until(() -> h.err().contains("ETA"));
            h.tft.interrupt(); // what the SIGINT shutdown hook does
            assertEquals(ExitCode.CANCELLED, run.get(10, TimeUnit.SECONDS));
            assertTrue(d.clientClosed.get(10, TimeUnit.SECONDS), "the daemon saw the socket close");
            String err = h.err().substring(h.err().lastIndexOf("\u001B[K") + 3);
            assertEquals(
                    "tft: push cancelled (interrupted): the receiver keeps partial data, so"
                            + " pushing again resumes\n",
                    err);
            h.tft.interrupt(); // a second signal (or the hook at normal exit) prints nothing more
            assertEquals(1, h.err().chars().filter(c -> c == '\n').count());
        }
    }

    static final String WAITING = ControlCodec.event(new PushEvent.Waiting("bra\u001Bvo", 300));

    /** EVENTS with a {@code waiting} event after {@code accepted}. */
    static List<String> waitingEvents() {
        List<String> events = new java.util.ArrayList<>(EVENTS);
        events.add(1, WAITING);
        return events;
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void waitingIsOneLineWhenPiped() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, waitingEvents())) {
            CliHarness.Result r = CliHarness.run(sock, false, "push", "bravo", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(
                    "pushing 2 files (3.0 KB) to lap\\x1B[31mtop at 10.0.0.5:5001", lines.get(0));
            assertEquals(
                    "waiting for bra\\x1Bvo to accept (on bra\\x1Bvo: tft accept)", lines.get(1));
            assertEquals("stored a.txt as a (1).txt (1.0 KB)", lines.get(2));
            assertEquals("", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void waitingOnATerminalIsAStatusLineThatTheNextEventReplaces() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, waitingEvents())) {
            CliHarness.Result r = CliHarness.run(sock, true, "push", "bravo", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(
                    r.err()
                            .startsWith(
                                    "\rwaiting for bra\\x1Bvo to accept (on bra\\x1Bvo: tft accept)"
                                            + " 0:00\u001B[K\r 16% ["),
                    r.err());
            assertFalse(r.out().contains("waiting"), r.out());
            assertTrue(r.err().endsWith("\r\u001B[K"), "status line cleared at the end");
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void jsonPassesTheWaitingEventThrough() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, waitingEvents())) {
            CliHarness.Result r =
                    CliHarness.run(sock, true, "push", "--json", "bravo", file.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(String.join("\n", waitingEvents()) + "\n", r.out());
            assertTrue(
                    r.out()
                            .contains(
                                    "\n{\"event\":\"waiting\",\"peer\":\"bra\\u001Bvo\","
                                            + "\"timeoutSeconds\":300}\n"),
                    r.out());
            assertEquals("", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void refusedWhileWaitingIsOneLineAndExit77() throws Exception {
        String refused =
                ControlCodec.event(
                        new PushEvent.Failed(
                                new ControlError(
                                        ControlError.Code.REJECTED,
                                        "bravo refused the push: rejected by its owner\n\u001B[2J")));
        for (boolean tty : List.of(false, true)) {
            Path s = dir.resolve(tty + ".sock");
            try (FakeDaemon d =
                    new FakeDaemon(s, false, List.of(EVENTS.get(0), WAITING, refused))) {
                CliHarness.Result r = CliHarness.run(s, tty, "push", "bravo", file.toString());
                assertEquals(ExitCode.NOPERM, r.code());
                assertEquals(77, r.code().code());
                String expected =
                        "tft: bravo refused the push: rejected by its owner\\x0A\\x1B[2J\n";
                if (tty) {
                    assertTrue(r.err().endsWith("\u001B[K\r\u001B[K" + expected), r.err());
                } else {
                    assertEquals(expected, r.err());
                }
            }
        }
    }

    @Test
    void ctrlCWhileWaitingClearsTheLineAndExits130() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, true, List.of(EVENTS.get(0), WAITING))) {
            CliHarness h = new CliHarness(sock, true);
            CompletableFuture<ExitCode> run =
                    CompletableFuture.supplyAsync(
                            () -> h.tft.run("push", "bravo", file.toString()));
            await().atMost(Duration.ofSeconds(10)).until(() -> h.err().contains("waiting for"));
            h.tft.interrupt();
            assertEquals(ExitCode.CANCELLED, run.get(10, TimeUnit.SECONDS));
            assertTrue(d.clientClosed.get(10, TimeUnit.SECONDS), "the daemon saw the socket close");
            String err = h.err().substring(h.err().lastIndexOf("\u001B[K") + 3);
            assertEquals(
                    "tft: push cancelled (interrupted): the receiver keeps partial data, so"
                            + " pushing again resumes\n",
                    err);
            assertTrue(h.err().contains("\r\u001B[Ktft: push cancelled"), h.err());
        }
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        volatile Instant now = CliHarness.NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theWaitingLineCountsUpUntilTheNextEvent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        ProgressView view =
                new ProgressView(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        true,
                        clock);
        view.on(new PushEvent.Waiting("bravo", 300));
        String line = "\rwaiting for bravo to accept (on bravo: tft accept) ";
        assertEquals(line + "0:00\u001B[K", err.toString(StandardCharsets.UTF_8));
        clock.now = CliHarness.NOW.plusSeconds(72);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> err.toString(StandardCharsets.UTF_8).endsWith(line + "1:12\u001B[K"));
        view.on(new PushEvent.FileStarted("a.txt", 1, 0));
        clock.now = CliHarness.NOW.plusSeconds(300);
        int length = err.size();
        Thread.sleep(1500); // more than one tick: the ticker has stopped
        assertEquals(length, err.size(), err.toString(StandardCharsets.UTF_8));
        view.clear();
        assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("1:12\u001B[K\r\u001B[K"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void interruptWithoutAPushDoesNothing() {
        CliHarness h = new CliHarness(sock, false);
        h.tft.interrupt();
        assertEquals("", h.err());
    }

    @Test
    void missingPathFailsBeforeContactingTheDaemon() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, false, EVENTS)) {
            CliHarness.Result r =
                    CliHarness.run(
                            sock,
                            false,
                            "push",
                            "laptop",
                            file.toString(),
                            dir.resolve("nope\u001B.txt").toString());
            assertEquals(ExitCode.NOINPUT, r.code());
            assertTrue(r.err().startsWith("tft: no such file or directory: \""), r.err());
            assertTrue(r.err().contains("nope\\x1B.txt"), r.err());
            assertTrue(d.requests.isEmpty(), "daemon not contacted");
        }
    }

    @Test
    void rawPushOfADirectoryIsRefusedLocally() {
        CliHarness.Result r = CliHarness.run(sock, false, "push", "--raw", "h", folder.toString());
        assertEquals(ExitCode.NOINPUT, r.code());
        assertFalse(r.err().contains("not running"), r.err());
    }
}
