package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.List;

class NamePolicyTest {
    @ParameterizedTest(name = "refuses [{0}]")
    @ValueSource(
            strings = {
                /* PATH-01/02/05 */ "..",
                ".",
                "",
                "   ",
                "/",
                "../x",
                "/tmp/x",
                /* PATH-03 */ "..\\..\\x",
                "C:\\Windows\\x",
                "a\\b",
                /* PATH-07 */ "\u001b[1A\rharmless",
                "a\nb",
                "a\rb",
                "a\tb",
                "a\u007fb",
                "a\u0085b",
                /* PATH-08 */ "invoice\u202Efdp.exe",
                "a\u2066b",
                "a\u200Bb.txt",
                "a\u200Eb",
                "\uFEFFa",
                /* PATH-09 */ "-rf",
                "--help",
                "-",
                /* PATH-10 */ ".bashrc",
                ".config",
                "report.",
                "report ",
                "report...  ",
                /* PATH-11 */ "CON",
                "nul.txt",
                "COM1.tar.gz",
                "lpt9",
                "CONIN$",
                "COM\u00B9",
                "aux ",
                "Prn.x",
                /* PATH-12 */ "a<b>c:d\"e|f?g*h",
                "a.txt:stream",
                /* PATH-20 */ ".tft-partial-1234",
                ".tft-resume-ab",
                /* unpaired surrogate, line separator */ "a\uD800b",
                "a\u2028b"
            })
    void pathCasesAreRefused(String name) {
        assertThrows(NamePolicy.BadNameException.class, () -> NamePolicy.component(name));
    }

    @ParameterizedTest(name = "accepts [{0}]")
    @ValueSource(
            strings = {
                "report.pdf",
                "console.txt",
                "com10.txt",
                "a (1).pdf",
                "Zoë.txt",
                "日本語.txt",
                "photo 2024-01-01.jpg",
                "a",
                "emoji \uD83D\uDE00.png",
                "x.tar.gz",
                "lpt.txt"
            })
    void pathControlNamesAreAccepted(String name) throws Exception {
        assertEquals(name, NamePolicy.component(name));
    }

    @Test
    void path14OverlongNamesAreRefusedNotTruncated() throws Exception {
        assertThrows(
                NamePolicy.BadNameException.class,
                () -> NamePolicy.component("a".repeat(252) + ".sh.txt"));
        assertThrows(
                NamePolicy.BadNameException.class, () -> NamePolicy.component("é".repeat(128)));
        assertEquals(255, NamePolicy.component("a".repeat(251) + ".txt").length());
    }

    @Test
    void nfdIsNormalisedToNfc() throws Exception {
        assertEquals("\u00e9.txt", NamePolicy.component("e\u0301.txt"));
    }

    @Test
    void invalidUtf8AndOverlongDotsAreRefused() {
        HexFormat h = HexFormat.of();
        for (String bad : List.of("c0ae", "c0aec0ae", "ff", "e282", "eda080", "612f62")) {
            assertThrows(
                    NamePolicy.BadNameException.class,
                    () -> NamePolicy.accept(h.parseHex(bad)),
                    bad);
        }
    }

    @Test
    void path06PathsAreCheckedComponentByComponent() throws Exception {
        assertEquals(List.of("photos", "2024", "a.jpg"), NamePolicy.path("photos/2024/a.jpg"));
        for (String bad :
                List.of(
                        "sub/../../x",
                        "./file.txt",
                        "a//b",
                        "a/",
                        "/a",
                        "a/CON/b",
                        "a/./b",
                        "a/../b",
                        ".git/config",
                        "a/.git/-x")) {
            assertThrows(NamePolicy.BadNameException.class, () -> NamePolicy.path(bad), bad);
        }
        // Below a pushed directory, dotfiles are ordinary content; only the top level may not be
        // hidden.
        assertEquals(List.of("proj", ".git", "config"), NamePolicy.path("proj/.git/config"));
        assertEquals(List.of("proj", ".gitignore"), NamePolicy.path("proj/.gitignore"));
        assertThrows(
                NamePolicy.BadNameException.class, () -> NamePolicy.path("a/".repeat(64) + "a"));
    }

    @Test
    void collisionCandidatesKeepTheExtension() throws Exception {
        assertEquals("a (1).pdf", Inbox.candidate("a.pdf", 1));
        assertEquals("photos (2)", Inbox.candidate("photos", 2));
        assertEquals("x.tar (3).gz", Inbox.candidate("x.tar.gz", 3));
    }

    @Test
    void logSafeEscapesTerminalControls() {
        assertEquals("\\x1b[1A\\x0dx\\u202e", LogSafe.escape("\u001b[1A\rx\u202e"));
    }
}
