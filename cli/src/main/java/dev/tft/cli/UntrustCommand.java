package dev.tft.cli;

import dev.tft.control.ControlRequest;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code tft untrust PEER}: remove a trust store entry, named by its name, id or an id prefix of 6
 * or more characters. Nothing matching is {@code not_trusted} (exit 68, with the trusted names).
 */
final class UntrustCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final Duration timeout;

    UntrustCommand(Tft.Connector connector, PrintStream out, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        if (args.positional().size() != 1 || args.positional().get(0).isBlank()) {
            throw CliException.usage("untrust needs one PEER (see `tft trust`)", "untrust");
        }
        ControlRequest.Untrust request = new ControlRequest.Untrust(args.positional().get(0));
        out.println(
                TrustCommand.line(
                        "untrusted", TrustCommand.call(connector, request, timeout, true).get(0)));
        return ExitCode.OK;
    }
}
