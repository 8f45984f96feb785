package dev.tft.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs {@link Tft} in-process with captured output and {@code TFT_SOCKET} pointing at a test
 * socket.
 */
final class CliHarness {
    static final Instant NOW = Instant.parse("2026-11-27T01:02:12Z");

    /** What one run produced. */
    record Result(ExitCode code, String out, String err) {}

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Tft tft;

    CliHarness(Path socket, boolean tty) {
        tft =
                new Tft(
                        Map.of("TFT_SOCKET", socket.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        tty,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        Duration.ofSeconds(2));
    }

    static Result run(Path socket, boolean tty, String... args) {
        CliHarness h = new CliHarness(socket, tty);
        ExitCode code = h.tft.run(args);
        return new Result(code, h.out(), h.err());
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
