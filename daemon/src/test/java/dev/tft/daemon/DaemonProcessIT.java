package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code tft daemon} as a real process: readiness, SIGTERM, single instance, bad configuration. */
@Timeout(60)
class DaemonProcessIT {
    @TempDir Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process start(String... extra) throws IOException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.tft.daemon.Main",
                                "--name",
                                "proc",
                                "--port",
                                "0",
                                "--loopback-only",
                                "--mdns-port",
                                String.valueOf(TestDaemons.MDNS_PORT),
                                "--socket",
                                dir.resolve("run/tft.sock").toString(),
                                "--inbox",
                                dir.resolve("inbox").toString(),
                                "--state-dir",
                                dir.resolve("state").toString(),
                                "--config",
                                writeEmptyConfig().toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Path writeEmptyConfig() throws IOException {
        Path f = dir.resolve("config.json");
        if (!Files.exists(f)) {
            Files.writeString(f, "{}");
        }
        return f;
    }

    /** Reads output lines until one contains {@code marker}; returns everything read. */
    private static String readUntil(Process p, String marker) throws IOException {
        BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            all.append(line).append('\n');
            if (line.contains(marker)) {
                break;
            }
        }
        return all.toString();
    }

    @Test
    void sigtermStopsCleanlyWithExitZeroAndRemovesTheSocket() throws Exception {
        Process p = start();
        String out = readUntil(p, "tft daemon ready");
        assertTrue(out.contains("tft daemon ready"), out);
        Path socket = dir.resolve("run/tft.sock");
        assertTrue(Uds.ask(socket, "{\"op\":\"status\"}").startsWith("{\"ok\":true"));
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "daemon did not stop within 10 s of SIGTERM");
        assertEquals(0, p.exitValue());
        assertFalse(Files.exists(socket), "socket left behind");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void secondDaemonExitsAlreadyRunningWithoutTouchingTheFirst() throws Exception {
        Process first = start();
        readUntil(first, "tft daemon ready");
        Process second = start();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitStatus.ALREADY_RUNNING.code, second.exitValue(), out);
        assertTrue(out.contains("already running"), out);
        assertTrue(
                Uds.ask(dir.resolve("run/tft.sock"), "{\"op\":\"status\"}")
                        .startsWith("{\"ok\":true"));
    }

    @Test
    void unknownConfigKeyIsAOneLineStartupErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"nmae\":\"x\"}");
        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitStatus.USAGE.code, p.exitValue(), out);
        assertTrue(out.contains("unknown key 'nmae'"), out);
        assertEquals(1, out.strip().lines().count(), out);
    }
}
