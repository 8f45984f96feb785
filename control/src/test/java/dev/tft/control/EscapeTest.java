package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

@Timeout(10)
class EscapeTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("laptop", "laptop"),
                Arguments.of("Ünïcødé 日本 \uD83D\uDE00", "Ünïcødé 日本 \uD83D\uDE00"),
                Arguments.of("\u001B[1A\rharmless", "\\x1B[1A\\x0Dharmless"),
                Arguments.of("\u001B]0;title\u0007\u001B[2J", "\\x1B]0;title\\x07\\x1B[2J"),
                Arguments.of("a\nb\tc", "a\\x0Ab\\x09c"),
                Arguments.of("del\u007F", "del\\x7F"),
                Arguments.of("c1\u0085\u009B31m", "c1\\x85\\x9B31m"),
                Arguments.of("invoice\u202Efdp.exe", "invoice\\u{202E}fdp.exe"),
                Arguments.of(
                        "a\u2066b\u2069\u200E\u200F", "a\\u{2066}b\\u{2069}\\u{200E}\\u{200F}"),
                Arguments.of(
                        "a\u200Bb\u200C\u200D\uFEFF", "a\\u{200B}b\\u{200C}\\u{200D}\\u{FEFF}"),
                Arguments.of("x\u2028y\u2029", "x\\u{2028}y\\u{2029}"),
                Arguments.of("back\\slash", "back\\\\slash"),
                Arguments.of("nul\u0000", "nul\\x00"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void escapes(String in, String expected) {
        assertEquals(expected, Escape.forTerminal(in));
    }

    @Test
    void loneSurrogatesAreEscaped() {
        assertEquals("a\\u{D800}b\\u{DC00}", Escape.forTerminal("a\uD800b\uDC00"));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", Escape.forTerminal(null));
    }

    @Test
    void longStringsAreTruncatedWithEllipsis() {
        String out = Escape.forTerminal("a".repeat(10_000));
        assertEquals(Escape.DEFAULT_MAX_LENGTH, out.length());
        assertTrue(out.endsWith("…"));
        assertEquals("abcd", Escape.forTerminal("abcd", 4));
        assertEquals("abc…", Escape.forTerminal("abcde", 4));
    }

    @Test
    void truncationNeverSplitsAnEscapeOrASurrogatePair() {
        assertEquals("ab…", Escape.forTerminal("ab\u001Bcdef", 6));
        assertEquals("ab…", Escape.forTerminal("ab\uD83D\uDE00\uD83D\uDE00", 4));
        String out = Escape.forTerminal("\u001B".repeat(5000), 100);
        assertTrue(out.length() <= 100 && out.endsWith("\\x1B…"), out);
    }

    @Test
    void rejectsTinyMaxLength() {
        assertThrows(IllegalArgumentException.class, () -> Escape.forTerminal("x", 1));
    }
}
