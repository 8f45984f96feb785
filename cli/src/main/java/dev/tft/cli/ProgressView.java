package dev.tft.cli;

import dev.tft.control.Escape;
import dev.tft.control.PushEvent;
import dev.tft.control.StoredView;

import java.io.PrintStream;

/**
 * Renders push events for people: result lines on stdout, and on a terminal a one-line progress bar
 * (percent, rate, ETA, current file) redrawn in place on stderr. Not thread-safe except {@link
 * #clear()}, which the Ctrl-C hook may call.
 */
final class ProgressView {
    private static final int BAR = 24;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private boolean barShown;
    private String file = "";

    ProgressView(PrintStream out, PrintStream err, boolean tty) {
        this.out = out;
        this.err = err;
        this.tty = tty;
    }

    void on(PushEvent event) {
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

    /** Removes the progress bar, if shown. Safe to call from the Ctrl-C hook. */
    synchronized void clear() {
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
