package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.TrustedView;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code tft trust [--json]}: the trust store (NAME, ID, FINGERPRINT, SINCE). {@code tft trust PEER
 * [--json]}: trust the key PEER presents now (trust on first use) and print its fingerprint, in
 * blocks of four, for comparing with {@code tft status} on PEER.
 */
final class TrustCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeout;

    TrustCommand(Tft.Connector connector, PrintStream out, Clock clock, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        List<String> pos = args.positional();
        if (pos.size() > 1) {
            throw CliException.usage("trust takes at most one PEER", "trust");
        }
        boolean list = pos.isEmpty();
        if (!list && pos.get(0).isBlank()) {
            throw CliException.usage("PEER must not be blank (see `tft peers`)", "trust");
        }
        ControlRequest request =
                list ? new ControlRequest.Trusted() : new ControlRequest.Trust(pos.get(0));
        List<TrustedView> trusted = call(connector, request, timeout, !list);
        if (args.has("--json")) {
            out.println(ControlCodec.trustedArray(trusted));
        } else if (!list) {
            out.println(line("trusted", trusted.get(0)));
        } else if (trusted.isEmpty()) {
            out.println(
                    "nothing is trusted yet: `tft trust PEER` trusts a peer's key, `tft accept"
                            + " --trust` the sender of a pending push");
        } else {
            out.print(table(trusted));
        }
        return ExitCode.OK;
    }

    /**
     * Sends a {@code trusted}, {@code trust} or {@code untrust} request and returns the entries of
     * the reply; exactly one if {@code one}.
     */
    static List<TrustedView> call(
            Tft.Connector connector, ControlRequest request, Duration timeout, boolean one)
            throws CliException {
        ControlReply reply = DaemonCall.call(connector, request, timeout);
        if (!(reply instanceof ControlReply.TrustedList)
                || one && ((ControlReply.TrustedList) reply).trusted().size() != 1) {
            throw DaemonCall.unexpected(reply);
        }
        return ((ControlReply.TrustedList) reply).trusted();
    }

    /** {@code trusted bravo, fingerprint e3b0 c442 …}. */
    static String line(String verb, TrustedView t) {
        return verb + " " + name(t) + ", fingerprint " + Format.hexBlocks(t.fingerprint());
    }

    private static String name(TrustedView t) {
        return t.name().isEmpty()
                ? "#" + Escape.forTerminal(t.id(), 64)
                : Escape.forTerminal(t.name(), PeersCommand.NAME_WIDTH);
    }

    private String table(List<TrustedView> trusted) {
        Table table = new Table("NAME", "ID", "FINGERPRINT", "SINCE");
        for (TrustedView t : trusted) {
            table.row(
                    t.name().isEmpty()
                            ? "-"
                            : Escape.forTerminal(t.name(), PeersCommand.NAME_WIDTH),
                    Escape.forTerminal(t.id(), 64),
                    Format.hexBlocks(t.fingerprint()),
                    Format.localTime(t.since(), clock.instant(), clock.getZone()));
        }
        return table.toString();
    }
}
