package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tft.daemon.HistoryEntry.Direction;
import dev.tft.daemon.HistoryEntry.Result;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

class HistoryEntryTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    private static HistoryEntry entry(
            String peer, int files, long bytes, List<String> stored, String message) {
        return new HistoryEntry(
                T,
                Direction.IN,
                peer,
                "id",
                "192.0.2.1:5001",
                false,
                files,
                bytes,
                Result.STORED,
                stored,
                message);
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> entry("a", -1, 0, List.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> entry("a", 0, -1, List.of(), ""));
    }

    @Test
    void rejectsNulls() {
        assertThrows(NullPointerException.class, () -> entry(null, 0, 0, List.of(), ""));
        assertThrows(NullPointerException.class, () -> entry("a", 0, 0, null, ""));
        assertThrows(NullPointerException.class, () -> entry("a", 0, 0, List.of(), null));
        assertThrows(
                NullPointerException.class, () -> entry("a", 0, 0, Arrays.asList("x", null), ""));
        assertThrows(
                NullPointerException.class,
                () ->
                        new HistoryEntry(
                                null,
                                Direction.IN,
                                "",
                                "",
                                "",
                                false,
                                0,
                                0,
                                Result.STORED,
                                List.of(),
                                ""));
    }

    @Test
    void rejectsTextOverItsBound() {
        String peer = "p".repeat(HistoryEntry.MAX_PEER_NAME + 1);
        String name = "n".repeat(HistoryEntry.MAX_NAME + 1);
        String message = "m".repeat(HistoryEntry.MAX_MESSAGE + 1);
        assertThrows(IllegalArgumentException.class, () -> entry(peer, 0, 0, List.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> entry("a", 0, 0, List.of(name), ""));
        assertThrows(IllegalArgumentException.class, () -> entry("a", 0, 0, List.of(), message));
        // At the bound is fine.
        entry(peer.substring(1), 0, 0, List.of(name.substring(1)), message.substring(1));
    }

    @Test
    void keepsTheFirstHundredStoredNamesInOrder() {
        List<String> names = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> names.add("f" + i));
        HistoryEntry e = entry("a", 250, 0, names, "");
        assertEquals(HistoryEntry.MAX_STORED, e.stored().size());
        assertEquals(names.subList(0, HistoryEntry.MAX_STORED), e.stored());
        names.set(0, "changed");
        assertEquals("f0", e.stored().get(0), "a copy, not a view");
    }

    @Test
    void clipCutsWithoutSplittingASurrogatePair() {
        assertEquals("", HistoryEntry.clip(null, 5));
        assertEquals("abc", HistoryEntry.clip("abc", 5));
        assertEquals("abcde", HistoryEntry.clip("abcdefg", 5));
        assertEquals("abcd", HistoryEntry.clip("abcd\uD83D\uDE00", 5));
        assertEquals("abcd\uD83D\uDE00", HistoryEntry.clip("abcd\uD83D\uDE00x", 6));
    }
}
