package dev.tft.cli;

import dev.tft.control.ControlRequest;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code tft reject [OFFER]}: refuse a pending push (without OFFER, the only one); the sender's
 * push ends with {@code rejected}. Errors as for {@link AcceptCommand}.
 */
final class RejectCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final Duration timeout;

    RejectCommand(Tft.Connector connector, PrintStream out, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        String offer = AcceptCommand.offerArgument(args, "reject");
        out.println(
                Offers.outcome(
                        "rejected",
                        AcceptCommand.decide(
                                connector, new ControlRequest.Reject(offer), timeout)));
        return ExitCode.OK;
    }
}
