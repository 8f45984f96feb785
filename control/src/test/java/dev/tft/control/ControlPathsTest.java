package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;

@Timeout(10)
class ControlPathsTest {

    @Test
    void tftSocketWins() {
        assertEquals(
                Path.of("/x/s.sock"),
                ControlPaths.socketPath(
                        Map.of("TFT_SOCKET", "/x/s.sock", "XDG_RUNTIME_DIR", "/run/user/1000"),
                        "Linux",
                        "u"));
    }

    @Test
    void emptyTftSocketIsIgnored() {
        assertEquals(
                Path.of("/run/user/1000/tft/tft.sock"),
                ControlPaths.socketPath(
                        Map.of("TFT_SOCKET", "", "XDG_RUNTIME_DIR", "/run/user/1000"),
                        "Linux",
                        "u"));
    }

    @Test
    void relativeOrEmptyXdgRuntimeDirIsIgnored() {
        assertEquals(
                Path.of("/tmp/tft-alice/tft.sock"),
                ControlPaths.socketPath(Map.of("XDG_RUNTIME_DIR", "run"), "Linux", "alice"));
        assertEquals(
                Path.of("/tmp/tft-alice/tft.sock"),
                ControlPaths.socketPath(Map.of("XDG_RUNTIME_DIR", ""), "Linux", "alice"));
    }

    @Test
    void macOsUsesTmpdir() {
        assertEquals(
                Path.of("/var/folders/xy/T/tft-bob/tft.sock"),
                ControlPaths.socketPath(Map.of("TMPDIR", "/var/folders/xy/T/"), "Mac OS X", "bob"));
        assertEquals(
                Path.of("/tmp/tft-bob/tft.sock"),
                ControlPaths.socketPath(Map.of(), "Mac OS X", "bob"));
    }

    @Test
    void linuxIgnoresTmpdirAndHostileUserNames() {
        assertEquals(
                Path.of("/tmp/tft-bob/tft.sock"),
                ControlPaths.socketPath(Map.of("TMPDIR", "/elsewhere"), "Linux", "bob"));
        assertEquals(
                Path.of("/tmp/tft-user/tft.sock"),
                ControlPaths.socketPath(Map.of(), "Linux", "../../etc"));
        assertEquals(
                Path.of("/tmp/tft-user/tft.sock"), ControlPaths.socketPath(Map.of(), "Linux", ""));
    }

    @Test
    void defaultOverloadUsesThisProcess() {
        assertEquals(Path.of("/a/b"), ControlPaths.socketPath(Map.of("TFT_SOCKET", "/a/b")));
    }
}
