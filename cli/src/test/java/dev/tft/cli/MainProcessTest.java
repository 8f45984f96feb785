package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.PushEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real entry point in a child JVM: exit status via System.exit, and SIGINT during a push. */
@Timeout(60)
class MainProcessTest {
    @TempDir Path dir;

    private ProcessBuilder tft(Path sock, String... args) {
        List<String> cmd =
                new java.util.ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TFT_SOCKET", sock.toString());
        return pb;
    }

    @Test
    void exitStatusComesFromTheCommand() throws Exception {
        Process p = tft(dir.resolve("none.sock"), "peers").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(69, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.startsWith("tft: the tft daemon is not running"), err);
        assertEquals(1, err.lines().count());
    }

    @Test
    void sigintDuringAPushCancelsWithOneLineAndExit130() throws Exception {
        Path sock = dir.resolve("tft.sock");
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        try (FakeDaemon d =
                new FakeDaemon(
                        sock,
                        true,
                        List.of(
                                ControlCodec.event(
                                        new PushEvent.Accepted(
                                                "p-1", "laptop", "id", "127.0.0.1:5001", 1, 1))))) {
            Process p = tft(sock, "push", "laptop", file.toString()).start();
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(out.readLine().startsWith("pushing 1 file"), "push is streaming");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(130, p.exitValue());
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(
                    "tft: push cancelled (interrupted): the receiver keeps partial data, so"
                            + " pushing again resumes\n",
                    err);
            assertTrue(d.clientClosed.get(10, TimeUnit.SECONDS), "the daemon saw the socket close");
        }
    }
}
