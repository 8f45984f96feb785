package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.PolicyView;
import dev.tft.control.StatusView;
import dev.tft.control.TransferView;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code tft status [--json]}: the daemon's identity (name, id, key fingerprint), accept policy,
 * uptime and active transfers.
 */
final class StatusCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeout;

    StatusCommand(Tft.Connector connector, PrintStream out, Clock clock, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        if (!args.positional().isEmpty()) {
            throw CliException.usage("status takes no arguments", "status");
        }
        ControlReply reply = DaemonCall.call(connector, new ControlRequest.Status(), timeout);
        if (!(reply instanceof ControlReply.StatusReply)) {
            throw DaemonCall.unexpected(reply);
        }
        StatusView s = ((ControlReply.StatusReply) reply).status();
        out.print(
                args.has("--json")
                        ? ControlCodec.statusObject(s) + "\n"
                        : text(s, clock.instant(), clock.getZone()));
        return ExitCode.OK;
    }

    /**
     * One {@code label value} line per field, values aligned in one column. The fingerprint is
     * shown in blocks of four hex digits for comparing by eye or reading aloud ("unknown" from a
     * daemon older than 0.2); {@link StatusView} guarantees it is plain hex. The accept policy
     * ("unknown" from a daemon older than 0.3) shows an open window's end as a local time in {@code
     * zone}.
     */
    static String text(StatusView s, Instant now, ZoneId zone) {
        StringBuilder out =
                new StringBuilder()
                        .append("name        ")
                        .append(Escape.forTerminal(s.name()))
                        .append('\n')
                        .append("id          ")
                        .append(Escape.forTerminal(s.id()))
                        .append('\n')
                        .append("fingerprint ")
                        .append(
                                s.fingerprint().isEmpty()
                                        ? "unknown"
                                        : Format.hexBlocks(s.fingerprint()))
                        .append('\n')
                        .append("port        ")
                        .append(s.port())
                        .append('\n')
                        .append("inbox       ")
                        .append(Escape.forTerminal(s.inbox(), 1024))
                        .append('\n')
                        .append("accept      ")
                        .append(policy(s.policy(), now, zone))
                        .append('\n')
                        .append("version     ")
                        .append(Escape.forTerminal(s.version()))
                        .append('\n')
                        .append("uptime      ")
                        .append(Format.duration(s.uptimeSeconds()))
                        .append('\n')
                        .append("transfers   ")
                        .append(s.transfers().isEmpty() ? "none" : s.transfers().size())
                        .append('\n');
        for (TransferView t : s.transfers()) {
            String pct = t.size() == 0 ? "" : " (" + (int) (100.0 * t.bytes() / t.size()) + "%)";
            out.append("  ")
                    .append(t.direction().equals("in") ? "from " : "to   ")
                    .append(Escape.forTerminal(t.peer(), 32))
                    .append("  ")
                    .append(Escape.forTerminal(t.file(), 80))
                    .append("  ")
                    .append(Format.bytes(t.bytes()))
                    .append(" / ")
                    .append(Format.bytes(t.size()))
                    .append(pct)
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code ask}, {@code anyone (open until 14:32)}, or {@code unknown} if not reported. */
    static String policy(PolicyView p, Instant now, ZoneId zone) {
        if (p == null) {
            return "unknown";
        }
        if (p.openUntil() != null) {
            return PolicyView.ANYONE
                    + " (open until "
                    + Format.localTime(p.openUntil(), now, zone)
                    + ")";
        }
        return p.accept();
    }
}
