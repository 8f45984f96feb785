package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

class InboxTest {
    @TempDir Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sweepsRepeatedlyAndBoundsResumableTemps() throws Exception {
        try (Inbox inbox = Inbox.open(dir)) {
            for (int i = 0; i < 5; i++) {
                Files.write(dir.resolve(Inbox.RESUME + i), new byte[1]);
                Files.setLastModifiedTime(
                        dir.resolve(Inbox.RESUME + i),
                        java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(100 - i)));
            }
            Files.write(dir.resolve(Inbox.PARTIAL + "x"), new byte[1]);
            inbox.sweep(Instant.now(), Duration.ofDays(1), 3);
            assertEquals(List.of(Inbox.RESUME + 2, Inbox.RESUME + 3, Inbox.RESUME + 4), names());
            inbox.sweep(Instant.now(), Duration.ofDays(1), 1);
            assertEquals(List.of(Inbox.RESUME + 4), names());
        }
    }

    @Test
    void aTempInUseIsNeitherSweptNorOpenedTwice() throws Exception {
        try (Inbox inbox = Inbox.open(dir)) {
            Inbox.Temp t = inbox.openResumable("k", 10);
            assertNull(inbox.openResumable("k", 10));
            inbox.sweep(Instant.now(), Duration.ZERO, 0);
            assertEquals(List.of(Inbox.RESUME + "k"), names());
            t.discard();
            assertEquals(List.of(), names());
        }
    }

    @Test
    void path23MissingInboxIsAnErrorNotCreated() {
        assertThrows(java.io.IOException.class, () -> Inbox.open(dir.resolve("missing")));
        assertEquals(false, Files.exists(dir.resolve("missing")));
    }
}
