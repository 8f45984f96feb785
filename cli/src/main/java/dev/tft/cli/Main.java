package dev.tft.cli;

import java.time.Duration;

/**
 * Entry point of {@code tft}. The only place that calls {@code System.exit}. Ctrl-C (SIGINT) runs
 * the shutdown hook, which cancels a running push with one line on stderr; the JVM then exits with
 * 130.
 */
public final class Main {
    /**
     * How long a command with a one-line reply (peers, status, pending, ...) waits for the daemon;
     * it answers from memory, so this is generous.
     */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private Main() {}

    /** Runs {@code tft ARGS...} and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        Tft tft =
                new Tft(
                        System.getenv(),
                        System.out,
                        System.err,
                        System.console() != null,
                        new LocalClock(),
                        REPLY_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(new Thread(tft.interruptHook(), "tft-interrupt"));
        System.exit(tft.run(args).code());
    }
}
