package dev.tft.cli;

import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.PolicyView;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code tft open [DURATION]} and {@code tft open --off}: accept pushes from anyone for a while
 * (default 10 minutes, at most 24 hours), or end that window now. Prints when the window ends, in
 * the clock's time zone.
 */
final class OpenCommand {
    /** The window when no DURATION is given. */
    static final int DEFAULT_SECONDS = 600;

    private final Tft.Connector connector;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeout;

    OpenCommand(Tft.Connector connector, PrintStream out, Clock clock, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        List<String> pos = args.positional();
        boolean off = args.has("--off");
        if (pos.size() > 1 || (off && !pos.isEmpty())) {
            throw CliException.usage(
                    off ? "open --off takes no DURATION" : "open takes at most one DURATION",
                    "open");
        }
        int seconds = off ? 0 : pos.isEmpty() ? DEFAULT_SECONDS : seconds(pos.get(0));
        ControlReply reply = DaemonCall.call(connector, new ControlRequest.Open(seconds), timeout);
        if (!(reply instanceof ControlReply.PolicyReply)) {
            throw DaemonCall.unexpected(reply);
        }
        PolicyView policy = ((ControlReply.PolicyReply) reply).policy();
        if (off) {
            out.println("open window closed; policy: " + policy.accept());
            return ExitCode.OK;
        }
        if (policy.openUntil() == null) {
            throw new CliException(
                    ExitCode.PROTOCOL,
                    "the daemon did not open the window (its policy is "
                            + policy.accept()
                            + "): the tft CLI and daemon may be different versions");
        }
        out.println(
                "accepting pushes from anyone until "
                        + Format.localTime(policy.openUntil(), clock.instant(), clock.getZone())
                        + " ("
                        + Format.span(seconds)
                        + "); `tft open --off` to stop");
        return ExitCode.OK;
    }

    /**
     * Parses a DURATION: whole seconds, optionally with the unit {@code s}, {@code m} or {@code h}
     * ({@code 90}, {@code 90s}, {@code 10m}, {@code 1h}); 1 second to 24 hours.
     *
     * @throws CliException {@link ExitCode#USAGE} for anything else
     */
    static int seconds(String arg) throws CliException {
        String digits = arg;
        int unit = 1;
        char last = arg.isEmpty() ? ' ' : arg.charAt(arg.length() - 1);
        if (last == 's' || last == 'm' || last == 'h') {
            digits = arg.substring(0, arg.length() - 1);
            unit = last == 's' ? 1 : last == 'm' ? 60 : 3600;
        }
        boolean ok = !digits.isEmpty() && digits.length() <= 6;
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        long seconds = ok ? Long.parseLong(digits) * unit : -1;
        if (seconds < 1 || seconds > ControlRequest.Open.MAX_SECONDS) {
            throw CliException.usage(
                    (ok ? "DURATION must be 1s to 24h, not " : "bad DURATION ")
                            + Args.quote(arg)
                            + " (use e.g. 90s, 10m, 1h or plain seconds)",
                    "open");
        }
        return (int) seconds;
    }
}
