package dev.tft.cli;

import dev.tft.control.ControlClient;

import java.io.PrintStream;

/**
 * Coordinates Ctrl-C with a running push. The push registers its connection; the shutdown hook
 * calls {@link #interrupt}, which prints the one-line message and closes the connection. The push
 * thread then sees its read fail, checks {@link #interrupted()} and stays silent, so exactly one
 * line is printed. Thread-safe.
 */
final class Cancellation {
    private ControlClient active;
    private boolean interrupted;
    private ProgressView view;

    /** Registers the running push's connection and its progress view (to clear the bar). */
    synchronized void start(ControlClient client, ProgressView progress) {
        active = client;
        view = progress;
    }

    /** The push ended (any way); a later Ctrl-C does nothing. */
    synchronized void finish() {
        active = null;
    }

    synchronized boolean interrupted() {
        return interrupted;
    }

    synchronized void interrupt(PrintStream err) {
        if (active == null || interrupted) {
            return;
        }
        interrupted = true;
        view.clear();
        err.println(
                "tft: push cancelled (interrupted): the receiver keeps partial data, so pushing"
                        + " again resumes");
        err.flush();
        active.close();
    }
}
