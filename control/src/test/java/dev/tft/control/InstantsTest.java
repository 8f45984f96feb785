package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * The formatter-free instant codec agrees with {@link Instant#parse} and {@link Instant#toString}.
 */
@Timeout(10)
class InstantsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-27T01:02:03Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z",
                "2024-02-29T12:00:00.5Z",
                "2024-02-29T12:00:00.123Z",
                "2024-02-29T12:00:00.123456Z",
                "2024-02-29T12:00:00.123456789Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z",
                "2026-11-27T01:02:03+01:00"
            })
    void agreesWithTheJdk(String text) {
        Instant jdk = Instant.parse(text);
        assertEquals(jdk, Instants.parse(text));
        assertEquals(jdk.toString(), Instants.format(jdk));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-11-27T01:60:00Z",
                "2026-11-27T01:02:60Z",
                "2026-1a-27T01:02:03Z",
                "2026-11-27T01:02:03.1234567890Z",
                "yesterday"
            })
    void rejectsWhatTheJdkRejects(String text) {
        assertThrows(DateTimeException.class, () -> Instant.parse(text));
        assertThrows(DateTimeException.class, () -> Instants.parse(text));
    }
}
