package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.daemon.HistoryEntry.Direction;
import dev.tft.daemon.HistoryEntry.Result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Timeout(30)
class HistoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir Path dir;

    private Path file() {
        return dir.resolve(History.FILE_NAME);
    }

    private static HistoryEntry entry(int i) {
        return new HistoryEntry(
                T0.plusSeconds(i),
                i % 2 == 0 ? Direction.IN : Direction.OUT,
                "peer-" + i,
                "id-" + i,
                "192.0.2." + (i % 250 + 1) + ":5001",
                i % 3 == 0,
                i % 5,
                i * 1000L,
                Result.values()[i % Result.values().length],
                List.of("file-" + i + ".txt", "other-" + i),
                i % 4 == 0 ? "" : "message " + i);
    }

    /** Entries {@code from..to} (inclusive), newest first. */
    private static List<HistoryEntry> newestFirst(int from, int to) {
        List<HistoryEntry> out = new ArrayList<>();
        for (int i = to; i >= from; i--) {
            out.add(entry(i));
        }
        return out;
    }

    private long lines() throws Exception {
        return Files.readAllLines(file(), StandardCharsets.UTF_8).size();
    }

    @Test
    void entriesSurviveARestartNewestFirst() {
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(List.of(), h.newest(10));
            for (int i = 1; i <= 3; i++) {
                h.record(entry(i));
            }
            assertEquals(newestFirst(1, 3), h.newest(10));
            assertEquals(T0, h.now());
        }
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(newestFirst(1, 3), h.newest(10));
            assertEquals(newestFirst(2, 3), h.newest(2));
            assertEquals(List.of(), h.newest(0));
            assertEquals(0, h.skippedOnLoad());
            h.record(entry(4));
        }
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(newestFirst(1, 4), h.newest(10));
        }
    }

    @Test
    void linesReachTheFileWithoutClose() throws Exception {
        try (History h = History.open(file(), 100, CLOCK)) {
            h.record(entry(1));
            h.record(entry(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file()) && lines() == 2);
            assertEquals(entry(1), History.decode(Files.readAllLines(file()).get(0)));
        }
    }

    @Test
    void rotationKeepsTheFileBoundedAndTheNewestEntries() throws Exception {
        try (History h = History.open(file(), 10, CLOCK)) {
            for (int i = 1; i <= 25; i++) {
                h.record(entry(i));
            }
            assertEquals(newestFirst(16, 25), h.newest(100), "memory keeps maxEntries");
        }
        long lines = lines();
        assertTrue(lines >= 5 && lines <= 10, "file has " + lines + " lines");
        assertEquals(
                PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file()),
                "the rewritten file is 0600 too");
        assertFalse(Files.exists(dir.resolve(History.FILE_NAME + ".tmp")));
        try (History h = History.open(file(), 10, CLOCK)) {
            assertEquals(newestFirst(25 - (int) lines + 1, 25), h.newest(100));
        }
    }

    @Test
    void aFileOverALoweredBoundIsRotatedOnOpen() throws Exception {
        try (History h = History.open(file(), 100, CLOCK)) {
            for (int i = 1; i <= 30; i++) {
                h.record(entry(i));
            }
        }
        try (History h = History.open(file(), 10, CLOCK)) {
            assertEquals(newestFirst(21, 30), h.newest(100));
            await().atMost(Duration.ofSeconds(5)).until(() -> lines() == 5);
        }
        try (History h = History.open(file(), 10, CLOCK)) {
            assertEquals(newestFirst(26, 30), h.newest(100));
        }
    }

    @Test
    void corruptLinesAreSkippedAndCounted() throws Exception {
        String tooLongPeer = History.encode(entry(9)).replace("peer-9", "p".repeat(200));
        String unknownField = History.encode(entry(3)).replace("{", "{\"future\":[1,{\"x\":2}],");
        Files.writeString(
                file(),
                String.join(
                        "\n",
                        History.encode(entry(1)),
                        "not json",
                        "{}",
                        "[1,2]",
                        "{\"time\":\"yesterday\",\"dir\":\"in\",\"result\":\"stored\"}",
                        History.encode(entry(2)),
                        "",
                        tooLongPeer,
                        History.encode(entry(4)).replace("\"in\"", "\"sideways\""),
                        History.encode(entry(6)) + " trailing",
                        unknownField,
                        "{\"time\":\"2024-05-01T10:00:00Z\",\"dir\":\"in\"" // cut short by a crash
                        ),
                StandardCharsets.UTF_8);
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(List.of(entry(3), entry(2), entry(1)), h.newest(10));
            assertEquals(8, h.skippedOnLoad());
            h.record(entry(5));
        }
        // The new line was not glued to the cut one.
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(List.of(entry(5), entry(3), entry(2), entry(1)), h.newest(10));
        }
    }

    @Test
    void anOverlongLineIsSkippedWithoutReadingItWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        text.append(History.encode(entry(1))).append('\n');
        text.append("x".repeat(History.MAX_LINE_CHARS + 10)).append('\n');
        text.append(History.encode(entry(2))).append('\n');
        Files.writeString(file(), text, StandardCharsets.UTF_8);
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(List.of(entry(2), entry(1)), h.newest(10));
            assertEquals(1, h.skippedOnLoad());
        }
    }

    @Test
    void anUnreadableFileGivesAnEmptyHistoryAndNoFailure() throws Exception {
        // A directory where the file should be: cannot be read or written, whoever runs the test.
        Files.createDirectory(file());
        try (History h = History.open(file(), 10, CLOCK)) {
            assertEquals(List.of(), h.newest(10));
            for (int i = 1; i <= 25; i++) {
                h.record(entry(i));
            }
            assertEquals(newestFirst(16, 25), h.newest(100));
        }
        assertTrue(Files.isDirectory(file()));
    }

    @Test
    void recordNeverBlocksWhileTheWriterIsStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable gate =
                () -> {
                    stuck.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
        try (History h = History.open(file(), 100, CLOCK, 4, gate)) {
            h.record(entry(0));
            assertTrue(stuck.await(5, TimeUnit.SECONDS), "the writer took the first entry");
            assertTimeoutPreemptively(
                    Duration.ofSeconds(1),
                    () -> {
                        for (int i = 1; i <= 10; i++) {
                            h.record(entry(i));
                        }
                    });
            assertEquals(6, h.dropped(), "4 queued, 6 dropped");
            assertEquals(newestFirst(0, 10), h.newest(100), "memory has them all");
            release.countDown();
        }
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(newestFirst(0, 4), h.newest(100), "the file has what was queued");
        }
    }

    @Test
    void closeIsBoundedWhenTheWriterNeverComesBack() {
        CountDownLatch never = new CountDownLatch(1);
        Runnable gate =
                () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
        History h = History.open(file(), 100, CLOCK, 2, gate);
        for (int i = 0; i < 5; i++) {
            h.record(entry(i));
        }
        assertTimeoutPreemptively(
                History.CLOSE_WAIT.plusSeconds(3),
                () -> {
                    h.close();
                    h.close();
                });
        h.record(entry(99));
        assertFalse(h.newest(100).contains(entry(99)), "ignored after close");
    }

    @Test
    void theFileIsMode0600() throws Exception {
        try (History h = History.open(file(), 100, CLOCK)) {
            h.record(entry(1));
        }
        assertEquals(
                PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file()));
    }

    @Test
    void aLooserExistingFileIsTightenedTo0600() throws Exception {
        Files.writeString(file(), History.encode(entry(1)) + "\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        try (History h = History.open(file(), 100, CLOCK)) {
            h.record(entry(2));
        }
        assertEquals(
                PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file()));
        assertEquals(2, lines());
    }

    @Test
    void peerTextIsStoredAsDataNotEscaped() throws Exception {
        HistoryEntry hostile =
                new HistoryEntry(
                        T0,
                        Direction.IN,
                        "evil\u001b[31m\n\u202e\u0000",
                        "id\u2028x",
                        "[fe80::1%eth0]:5001",
                        true,
                        3,
                        42,
                        Result.FAILED,
                        List.of(
                                "a\r\nb.txt",
                                "lone\uD800surrogate",
                                "emoji \uD83D\uDE00",
                                "K\u00e4se"),
                        "tab\there \"quoted\" back\\slash");
        try (History h = History.open(file(), 100, CLOCK)) {
            h.record(hostile);
        }
        assertEquals(1, lines(), "newlines in peer text do not split the line");
        String line = Files.readString(file(), StandardCharsets.UTF_8);
        assertFalse(line.contains("\u001b"), "JSON escapes control characters in the file");
        assertTrue(line.contains("K\u00e4se"), "other text is readable UTF-8");
        try (History h = History.open(file(), 100, CLOCK)) {
            assertEquals(List.of(hostile), h.newest(10));
        }
    }
}
