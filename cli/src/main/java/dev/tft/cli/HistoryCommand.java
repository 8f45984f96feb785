package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.HistoryEntryView;
import dev.tft.control.PeerRef;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code tft history [-n N] [--json]}: the N (default 20) most recent pushes, received and sent,
 * newest first: TIME (local), DIR, PEER, FILES, SIZE, RESULT and NAMES (the names stored, or for a
 * push that did not go through the daemon's one-line reason). Every peer string escaped.
 */
final class HistoryCommand {
    /** Room for names or the reason in the table. */
    static final int NAMES_WIDTH = 60;

    private final Tft.Connector connector;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeout;

    HistoryCommand(Tft.Connector connector, PrintStream out, Clock clock, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        if (!args.positional().isEmpty()) {
            throw CliException.usage("history takes no arguments (-n N sets how many)", "history");
        }
        ControlReply reply =
                DaemonCall.call(connector, new ControlRequest.History(limit(args)), timeout);
        if (!(reply instanceof ControlReply.HistoryList)) {
            throw DaemonCall.unexpected(reply);
        }
        List<HistoryEntryView> history = ((ControlReply.HistoryList) reply).history();
        if (args.has("--json")) {
            out.println(ControlCodec.historyArray(history));
        } else if (history.isEmpty()) {
            out.println("no pushes yet");
        } else {
            out.print(table(history));
        }
        return ExitCode.OK;
    }

    /** {@code -n N}, 1..10000; {@link ControlRequest.History#DEFAULT_LIMIT} if absent. */
    static int limit(Args args) throws CliException {
        String n = args.value("-n");
        if (n == null) {
            return ControlRequest.History.DEFAULT_LIMIT;
        }
        boolean ok = !n.isEmpty() && n.length() <= 5;
        for (int i = 0; ok && i < n.length(); i++) {
            ok = n.charAt(i) >= '0' && n.charAt(i) <= '9';
        }
        int limit = ok ? Integer.parseInt(n) : 0;
        if (limit < 1 || limit > ControlRequest.History.MAX_LIMIT) {
            throw CliException.usage(
                    "-n takes a number from 1 to "
                            + ControlRequest.History.MAX_LIMIT
                            + ", not "
                            + Args.quote(n),
                    "history");
        }
        return limit;
    }

    private String table(List<HistoryEntryView> history) {
        Instant now = clock.instant();
        Table table = new Table("TIME", "DIR", "PEER", "FILES", "SIZE", "RESULT", "NAMES");
        for (HistoryEntryView h : history) {
            table.row(
                    Format.localTime(h.time(), now, clock.getZone()),
                    h.direction(),
                    peer(h.peer(), h.legacy()),
                    Integer.toString(h.files()),
                    Format.bytes(h.bytes()),
                    h.result(),
                    details(h));
        }
        return table.toString();
    }

    /** The name; else {@code legacy ADDRESS} or the address; {@code -} if nothing is known. */
    private static String peer(PeerRef p, boolean legacy) {
        if (!p.name().isEmpty()) {
            return Escape.forTerminal(p.name(), PeersCommand.NAME_WIDTH);
        }
        String address = p.address().isEmpty() ? "-" : Escape.forTerminal(p.address(), 64);
        return legacy ? "legacy " + address : address;
    }

    /** The stored names; for a push that did not go through, the reason if there is one. */
    private static String details(HistoryEntryView h) {
        if (!h.result().equals(HistoryEntryView.STORED) && !h.message().isEmpty()) {
            return Escape.forTerminal(h.message(), NAMES_WIDTH);
        }
        return Format.names(h.stored(), h.stored().size(), NAMES_WIDTH);
    }
}
