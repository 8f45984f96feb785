package dev.tft.cli;

import dev.tft.control.ControlClient;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection if the daemon has not answered within a deadline, so a hung daemon cannot
 * hang {@code tft peers} forever (a blocking Unix {@code SocketChannel} has no read timeout). Start
 * it before the call and {@link #close()} it after; {@link #fired()} tells a timeout apart from
 * other I/O errors. Thread-safe.
 */
final class Watchdog implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean fired;

    Watchdog(ControlClient client, Duration timeout) {
        Thread t =
                new Thread(
                        new Runnable() { // not a lambda: start-up time
                            @Override
                            public void run() {
                                try {
                                    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                                        fired = true;
                                        client.close();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        },
                        "tft-watchdog");
        t.setDaemon(true);
        t.start();
    }

    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        done.countDown();
    }
}
