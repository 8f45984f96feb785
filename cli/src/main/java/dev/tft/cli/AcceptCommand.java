package dev.tft.cli;

import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.OfferView;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code tft accept [OFFER] [--trust]}: store a pending push (without OFFER, the only one) and,
 * with {@code --trust}, add its sender's key to the trust store. The daemon refuses {@code --trust}
 * for a legacy push ({@code bad_request}) and names the pending offers when OFFER matches none or
 * is needed ({@code no_offer}, {@code ambiguous_offer}: exit 65).
 */
final class AcceptCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final Duration timeout;

    AcceptCommand(Tft.Connector connector, PrintStream out, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        String offer = offerArgument(args, "accept");
        boolean trust = args.has("--trust");
        OfferView o = decide(connector, new ControlRequest.Accept(offer, trust), timeout);
        String line = Offers.outcome("accepted", o);
        if (trust) {
            line += "; trusting " + Offers.from(o) + " from now on";
        }
        out.println(line);
        return ExitCode.OK;
    }

    /** The optional OFFER argument, or "" for "the only pending offer". */
    static String offerArgument(Args args, String command) throws CliException {
        List<String> pos = args.positional();
        if (pos.size() > 1) {
            throw CliException.usage(command + " takes at most one OFFER", command);
        }
        if (pos.isEmpty()) {
            return "";
        }
        if (pos.get(0).isBlank()) {
            throw CliException.usage("OFFER must not be blank (see `tft pending`)", command);
        }
        return pos.get(0);
    }

    /** Sends an accept or reject and returns the offer acted on. */
    static OfferView decide(Tft.Connector connector, ControlRequest request, Duration timeout)
            throws CliException {
        ControlReply reply = DaemonCall.call(connector, request, timeout);
        if (!(reply instanceof ControlReply.OfferReply)) {
            throw DaemonCall.unexpected(reply);
        }
        return ((ControlReply.OfferReply) reply).offer();
    }
}
