package dev.tft.cli;

import dev.tft.control.Escape;
import dev.tft.control.PushEvent;
import dev.tft.control.StoredView;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Renders push events for people: result lines on stdout, and on a terminal a one-line status
 * redrawn in place on stderr: the progress bar (percent, rate, ETA, current file), or while the
 * receiver's owner decides ({@code waiting}) the time waited so far, redrawn every second by a
 * ticker thread. {@link #on} is called from one thread; {@link #clear()} may also be called from
 * the Ctrl-C hook. Terminal output is synchronized on this view.
 */
final class ProgressView {
    private static final int BAR = 24;

    /** How often the waiting line is redrawn, in milliseconds. */
    private static final long TICK_MILLIS = 1000;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final Clock clock;
    private boolean barShown;
    private String file = "";

    /** The waiting line without the elapsed time while waiting on a terminal, else null. */
    private String waitingLine;

    private Instant waitingSince;

    /**
     * @param tty true to draw the bar and the waiting line on {@code err}
     * @param clock for the time waited
     */
    ProgressView(PrintStream out, PrintStream err, boolean tty, Clock clock) {
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.clock = clock;
    }

    synchronized void on(PushEvent event) {
        if (event instanceof PushEvent.Waiting) {
            showWaiting((PushEvent.Waiting) event);
            return;
        }
        stopWaiting(); // any other event means the owner decided (or the push ended)
        if (event instanceof PushEvent.Accepted) {
            PushEvent.Accepted a = (PushEvent.Accepted) event;
            line(
                    "pushing "
                            + a.files()
                            + (a.files() == 1 ? " file (" : " files (")
                            + Format.bytes(a.bytes())
                            + ") to "
                            + Escape.forTerminal(a.peerName(), 64)
                            + " at "
                            + Escape.forTerminal(a.address(), 64));
        } else if (event instanceof PushEvent.FileStarted) {
            PushEvent.FileStarted f = (PushEvent.FileStarted) event;
            file = Escape.forTerminal(f.name(), 40);
            if (f.offset() > 0) {
                line(
                        "resuming "
                                + Escape.forTerminal(f.name())
                                + " at "
                                + Format.bytes(f.offset())
                                + " of "
                                + Format.bytes(f.size()));
            }
        } else if (event instanceof PushEvent.Progress) {
            bar((PushEvent.Progress) event);
        } else if (event instanceof PushEvent.Stored) {
            PushEvent.Stored s = (PushEvent.Stored) event;
            line("stored " + stored(s.name(), s.stored(), s.size()));
        } else if (event instanceof PushEvent.Done) {
            PushEvent.Done d = (PushEvent.Done) event;
            double rate = d.seconds() > 0 ? d.bytes() / d.seconds() : 0;
            line(
                    "done: "
                            + d.stored().size()
                            + (d.stored().size() == 1 ? " file, " : " files, ")
                            + Format.bytes(d.bytes())
                            + " in "
                            + Format.oneDecimal(d.seconds())
                            + " s ("
                            + Format.rate(rate)
                            + ")");
            for (StoredView s : d.stored()) {
                if (!s.name().equals(s.stored())) {
                    line(
                            "  note: "
                                    + Escape.forTerminal(s.name())
                                    + " was renamed to "
                                    + Escape.forTerminal(s.stored())
                                    + " (a file with that name existed)");
                }
            }
        } else {
            clear();
        }
    }

    /**
     * Non-TTY: one line. TTY: {@code waiting for bravo to accept (on bravo: tft accept) 0:12} on
     * stderr, redrawn each second until the next event, {@link #clear()} or the end.
     */
    private void showWaiting(PushEvent.Waiting w) {
        String name = w.peer().isEmpty() ? "the receiver" : Escape.forTerminal(w.peer(), 64);
        String text = "waiting for " + name + " to accept (on " + name + ": tft accept)";
        if (!tty) {
            line(text);
            return;
        }
        boolean ticking = waitingLine != null;
        waitingLine = text;
        if (!ticking) {
            waitingSince = clock.instant();
            startTicker();
        }
        drawWaiting();
    }

    private void startTicker() {
        Thread ticker =
                new Thread(
                        new Runnable() { // not a lambda: start-up time
                            @Override
                            public void run() {
                                tick();
                            }
                        },
                        "tft-waiting");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Redraws the waiting line every second while it is shown. */
    private synchronized void tick() {
        try {
            while (waitingLine != null) {
                wait(TICK_MILLIS);
                if (waitingLine != null) {
                    drawWaiting();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drawWaiting() {
        long seconds = Math.max(0, Duration.between(waitingSince, clock.instant()).getSeconds());
        err.print("\r" + waitingLine + " " + Format.eta(seconds) + "\u001B[K");
        err.flush();
        barShown = true;
    }

    /** Ends the waiting line's ticker; the line itself stays until {@link #clear()}. */
    private void stopWaiting() {
        if (waitingLine != null) {
            waitingLine = null;
            notifyAll();
        }
    }

    private static String stored(String name, String as, long size) {
        String n = Escape.forTerminal(name);
        String shown = name.equals(as) ? n : n + " as " + Escape.forTerminal(as);
        return shown + " (" + Format.bytes(size) + ")";
    }

    private void bar(PushEvent.Progress p) {
        if (!tty) {
            return; // piped: no bar; the stored/done lines say everything
        }
        double fraction = p.total() == 0 ? 1 : Math.min(1, (double) p.bytes() / p.total());
        int filled = (int) Math.round(fraction * BAR);
        double eta = p.rate() > 0 ? (p.total() - p.bytes()) / p.rate() : -1;
        String pct = (int) Math.floor(fraction * 100) + "%";
        err.print(
                "\r"
                        + " ".repeat(4 - pct.length())
                        + pct
                        + " ["
                        + "#".repeat(filled)
                        + ".".repeat(BAR - filled)
                        + "] "
                        + Format.rate(p.rate())
                        + "  ETA "
                        + Format.eta(eta)
                        + "  "
                        + file
                        + "\u001B[K");
        err.flush();
        barShown = true;
    }

    /** Removes the progress bar or waiting line, if shown. Safe to call from the Ctrl-C hook. */
    synchronized void clear() {
        stopWaiting();
        if (barShown) {
            err.print("\r\u001B[K");
            err.flush();
            barShown = false;
        }
    }

    private void line(String text) {
        clear();
        out.println(text);
        out.flush();
    }
}
