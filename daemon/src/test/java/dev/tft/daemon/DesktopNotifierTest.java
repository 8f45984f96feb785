package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs stand-in notification tools: shell scripts on an injected PATH that append their argv, one
 * per line, then a {@code ==} line, to {@code $OUT}.
 */
@Timeout(30)
@EnabledOnOs({OS.LINUX, OS.MAC})
class DesktopNotifierTest {
    private static final String RECORD_ARGV = "printf '%s\\n' \"$@\" '==' >> \"$OUT\"\n";
    private static final DesktopNotifier.Limits FAST =
            new DesktopNotifier.Limits(6, Duration.ofMinutes(1), Duration.ofSeconds(5), 8);

    @TempDir Path dir;

    private Path bin() throws IOException {
        return Files.createDirectories(dir.resolve("bin"));
    }

    private Path out() {
        return dir.resolve("out.txt");
    }

    private Path standIn(String name, String body) throws IOException {
        Path script = bin().resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Map<String, String> env(String... pairs) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin().toString());
        env.put("OUT", out().toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Notifier create(Map<String, String> env, String os, DesktopNotifier.Limits l) {
        return DesktopNotifier.create(
                env,
                true,
                os,
                name -> DesktopNotifier.onPath(name, env),
                DesktopNotifier::launch,
                l);
    }

    /** The argv of each run of the stand-in so far. */
    private List<List<String>> runs() throws IOException {
        List<List<String>> runs = new ArrayList<>();
        if (!Files.exists(out())) {
            return runs;
        }
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(out(), StandardCharsets.UTF_8)) {
            if (line.equals("==")) {
                runs.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return runs;
    }

    private List<String> awaitRun(int index) {
        await().atMost(Duration.ofSeconds(10)).until(() -> runs().size() > index);
        try {
            return runs().get(index);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void notifySendGetsTitleAndTextAsSeparateArguments() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        Notifier n = DesktopNotifier.create(env("DISPLAY", ":0"), true);
        try {
            // The real factory on a Linux test host; on macOS it picks osascript (not stood in).
            if (!(n instanceof DesktopNotifier)) {
                n = create(env("DISPLAY", ":0"), "Linux", FAST);
            }
            DesktopNotifier d = assertInstanceOf(DesktopNotifier.class, n);
            assertEquals(DesktopNotifier.Kind.NOTIFY_SEND, d.backend().kind());
            n.pending("alpha", 1, 3_000_000, "report.pdf");
            assertEquals(
                    List.of(
                            "--app-name=tft",
                            "--",
                            "tft",
                            "alpha wants to send report.pdf (3 MB): tft accept"),
                    awaitRun(0));
            n.pending("alpha", 3, 12_000_000, "report.pdf");
            assertEquals("alpha wants to send 3 files (12 MB): tft accept", awaitRun(1).get(3));
            n.received("alpha", 1, "report.pdf");
            assertEquals("received report.pdf from alpha", awaitRun(2).get(3));
            n.received("alpha", 3, "report (1).pdf");
            assertEquals("received report (1).pdf and 2 more files from alpha", awaitRun(3).get(3));
        } finally {
            n.close();
        }
    }

    @Test
    void hostilePeerTextIsEscapedAndBounded() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        try (Notifier n = create(env("WAYLAND_DISPLAY", "wayland-0"), "Linux", FAST)) {
            n.pending("evil\u001b[31m\n", 1, 10, "<a href='x'>a&b</a>\u202egpj.exe");
            List<String> argv = awaitRun(0);
            assertEquals(4, argv.size(), "no newline reached the tool: " + argv);
            assertEquals(
                    "evil\\x1B[31m\\x0A wants to send"
                            + " &lt;a href='x'&gt;a&amp;b&lt;/a&gt;\\u{202E}gpj.exe (10 B): tft accept",
                    argv.get(3));

            n.received("--icon=/etc/passwd", 2, "x".repeat(10_000));
            argv = awaitRun(1);
            assertEquals("--", argv.get(1), "options end before peer text");
            assertTrue(argv.get(3).length() <= DesktopNotifier.MAX_TEXT, argv.get(3));
            assertTrue(argv.get(3).endsWith(" and 1 more file from --icon=/etc/passwd"));
        }
    }

    @Test
    void gdbusIsTheFallbackWithASessionBus() throws Exception {
        standIn("gdbus", RECORD_ARGV);
        Map<String, String> env = env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
        try (Notifier n = create(env, "Linux", FAST)) {
            n.received("caf\u00e9 'quoted' \\", 1, "a<b>.txt");
            assertEquals(
                    List.of(
                            "call",
                            "--session",
                            "--dest",
                            "org.freedesktop.Notifications",
                            "--object-path",
                            "/org/freedesktop/Notifications",
                            "--method",
                            "org.freedesktop.Notifications.Notify",
                            "'tft'",
                            "0",
                            "''",
                            "'tft'",
                            "'received a&lt;b&gt;.txt from caf\\u00e9 \\'quoted\\' \\\\\\\\'",
                            "[]",
                            "{}",
                            "5000"),
                    awaitRun(0));
        }
        // gdbus needs the session bus address; a display alone is not enough.
        assertSame(Notifier.NONE, create(env("DISPLAY", ":0"), "Linux", FAST));
    }

    @Test
    void osascriptOnMacOs() throws Exception {
        standIn("osascript", RECORD_ARGV);
        try (Notifier n = create(env(), "Mac OS X", FAST)) {
            n.received("say \"hi\" \\", 1, "r.pdf");
            assertEquals(
                    List.of(
                            "-e",
                            "display notification \"received r.pdf from say \\\"hi\\\" \\\\\\\\\""
                                    + " with title \"tft\""),
                    awaitRun(0));
        }
    }

    @Test
    void aFloodIsCutToTheLimitThenOneSummary() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        DesktopNotifier.Limits limits =
                new DesktopNotifier.Limits(3, Duration.ofSeconds(2), Duration.ofSeconds(5), 8);
        try (Notifier n = create(env("DISPLAY", ":0"), "Linux", limits)) {
            for (int i = 0; i < 10; i++) {
                n.received("alpha", 1, "f" + i);
            }
            awaitRun(2);
            assertEquals(
                    List.of(
                            "received f0 from alpha",
                            "received f1 from alpha",
                            "received f2 from alpha"),
                    runs().stream().map(a -> a.get(3)).toList());
            assertEquals("\u2026and 7 more pushes", awaitRun(3).get(3));
            // Nothing else follows: the 7 are only counted.
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> runs().size() == 4);
            // The window has room again: a new push is shown.
            n.received("alpha", 1, "later");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    runs().size() == 5
                                            && runs().get(4)
                                                    .get(3)
                                                    .equals("received later from alpha"));
        }
    }

    @Test
    void aHangingToolNeverBlocksCallersAndIsKilled() throws Exception {
        Path pids = dir.resolve("pids");
        // Starts a child and waits for it: killing only the script would leave the child behind.
        standIn("notify-send", "sleep 30 &\nprintf '%s\\n' \"$$\" \"$!\" >> \"$PIDS\"\nwait\n");
        DesktopNotifier.Limits limits =
                new DesktopNotifier.Limits(100, Duration.ofMinutes(1), Duration.ofMillis(300), 2);
        Map<String, String> env =
                env("DISPLAY", ":0", "PIDS", pids.toString(), "PATH", bin() + ":/usr/bin:/bin");
        try (Notifier n = create(env, "Linux", limits)) {
            assertTimeoutPreemptively(
                    Duration.ofSeconds(1),
                    () -> {
                        for (int i = 0; i < 50; i++) {
                            n.pending("alpha", 1, 1, "f" + i);
                        }
                    });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(pids) && Files.readAllLines(pids).size() >= 2);
            List<String> first = Files.readAllLines(pids).subList(0, 2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> first.stream().noneMatch(DesktopNotifierTest::alive));
        }
        // close() killed whatever was running; nothing outlives the notifier.
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                Files.readAllLines(pids).stream()
                                        .noneMatch(DesktopNotifierTest::alive));
    }

    private static boolean alive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid.strip()))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    @Test
    void aMissingToolIsANoOp() throws Exception {
        bin(); // empty
        Map<String, String> env =
                env("DISPLAY", ":0", "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
        Notifier n = create(env, "Linux", FAST);
        assertSame(Notifier.NONE, n);
        n.pending("alpha", 1, 1, "x");
        n.received("alpha", 1, "x");
        n.close();
        assertSame(Notifier.NONE, create(env, "Mac OS X", FAST));
    }

    @Test
    void noDesktopSessionMeansNoNotifications() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        standIn("gdbus", RECORD_ARGV);
        assertSame(Notifier.NONE, create(env(), "Linux", FAST));
        assertSame(Notifier.NONE, create(env("DISPLAY", ":0"), "Windows 11", FAST));
    }

    @Test
    void disabledMeansNone() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        assertSame(Notifier.NONE, DesktopNotifier.create(env("DISPLAY", ":0"), false));
    }

    @Test
    void aToolThatCannotStartNeverReachesTheCaller() throws Exception {
        standIn("notify-send", RECORD_ARGV);
        Map<String, String> env = env("DISPLAY", ":0");
        AtomicInteger starts = new AtomicInteger();
        DesktopNotifier.Launcher broken =
                (argv, e) -> {
                    starts.incrementAndGet();
                    throw new IOException("no such file");
                };
        try (Notifier n =
                DesktopNotifier.create(
                        env,
                        true,
                        "Linux",
                        name -> DesktopNotifier.onPath(name, env),
                        broken,
                        FAST)) {
            n.pending("alpha", 1, 1, "x");
            n.received("alpha", 1, "x");
            await().atMost(Duration.ofSeconds(5)).until(() -> starts.get() == 2);
        }
    }

    @Test
    void aFailingToolIsCalledAgainNextTime() throws Exception {
        standIn("notify-send", RECORD_ARGV + "exit 3\n");
        try (Notifier n = create(env("DISPLAY", ":0"), "Linux", FAST)) {
            n.received("alpha", 1, "a");
            n.received("alpha", 1, "b");
            assertEquals("received b from alpha", awaitRun(1).get(3));
        }
    }

    @Test
    void pathLookupSkipsRelativeAndNonExecutableEntries() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notify-send"), "not executable");
        Path script = standIn("notify-send", RECORD_ARGV);
        String path = String.join(":", "", ".", "relative/bin", other.toString(), bin().toString());
        assertEquals(
                Optional.of(script), DesktopNotifier.onPath("notify-send", Map.of("PATH", path)));
        assertEquals(Optional.empty(), DesktopNotifier.onPath("notify-send", Map.of()));
        assertEquals(
                Optional.empty(),
                DesktopNotifier.onPath("notify-send", Map.of("PATH", other.toString())));
    }

    @Test
    void textsAndSizes() {
        assertEquals("0 B", DesktopNotifier.size(0));
        assertEquals("999 B", DesktopNotifier.size(999));
        assertEquals("1 KB", DesktopNotifier.size(1000));
        assertEquals("3 MB", DesktopNotifier.size(3_000_000));
        assertEquals("3.4 MB", DesktopNotifier.size(3_400_000));
        assertEquals("12 MB", DesktopNotifier.size(12_345_678));
        assertEquals("1 MB", DesktopNotifier.size(999_999));
        assertEquals("9.2 EB", DesktopNotifier.size(Long.MAX_VALUE));

        assertEquals(
                "a peer wants to send 1 file (0 B): tft accept",
                DesktopNotifier.pendingText(null, 1, -5, ""));
        assertEquals(
                "alpha wants to send 0 files (0 B): tft accept",
                DesktopNotifier.pendingText("alpha", 0, 0, null));
        assertEquals("received 2 files from alpha", DesktopNotifier.receivedText("alpha", 2, null));
        assertEquals(
                "received a and 1 more file from alpha",
                DesktopNotifier.receivedText("alpha", 2, "a"));
        assertEquals("\u2026and 1 more push", DesktopNotifier.summaryText(1));
        assertFalse(
                DesktopNotifier.pendingText("p".repeat(1000), 1, Long.MAX_VALUE, "n".repeat(1000))
                                .length()
                        > DesktopNotifier.MAX_TEXT);
    }
}
