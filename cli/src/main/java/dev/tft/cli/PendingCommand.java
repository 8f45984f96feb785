package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.OfferView;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code tft pending [--json]}: the pushes held for the owner's decision, oldest first, as the
 * daemon orders them; every peer string escaped.
 */
final class PendingCommand {
    /** Room for the offered names in the table. */
    static final int NAMES_WIDTH = 40;

    private final Tft.Connector connector;
    private final PrintStream out;
    private final Duration timeout;

    PendingCommand(Tft.Connector connector, PrintStream out, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        if (!args.positional().isEmpty()) {
            throw CliException.usage("pending takes no arguments", "pending");
        }
        ControlReply reply = DaemonCall.call(connector, new ControlRequest.Pending(), timeout);
        if (!(reply instanceof ControlReply.OfferList)) {
            throw DaemonCall.unexpected(reply);
        }
        List<OfferView> offers = ((ControlReply.OfferList) reply).offers();
        if (args.has("--json")) {
            out.println(ControlCodec.offerArray(offers));
        } else if (offers.isEmpty()) {
            out.println("no pending offers");
        } else {
            out.print(table(offers));
        }
        return ExitCode.OK;
    }

    static String table(List<OfferView> offers) {
        Table table = new Table("OFFER", "FROM", "FILES", "SIZE", "NAMES", "AGE");
        for (OfferView o : offers) {
            table.row(
                    Escape.forTerminal(o.id(), 16),
                    Offers.from(o),
                    Integer.toString(o.files()),
                    Format.bytes(o.bytes()),
                    Format.names(o.names(), o.files(), NAMES_WIDTH),
                    Format.duration(o.ageSeconds()));
        }
        return table
                + "`tft accept OFFER` stores one (--trust: and trusts its sender),"
                + " `tft reject OFFER` refuses it\n";
    }
}
