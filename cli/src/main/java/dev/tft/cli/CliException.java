package dev.tft.cli;

import dev.tft.control.ControlError;
import dev.tft.control.Escape;

import java.util.Objects;

/**
 * An expected failure of a command: printed as one line {@code tft: MESSAGE} (no stack trace) and
 * turned into its exit code by {@link Tft#run(String...)}.
 */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    /**
     * {@code message} says what went wrong and what to do next; it must already be escaped. An
     * empty message prints nothing (used after Ctrl-C, whose hook prints the line).
     */
    CliException(ExitCode exitCode, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    ExitCode exitCode() {
        return exitCode;
    }

    /** A usage error that points at the command's help. */
    static CliException usage(String problem, String command) {
        String help = command == null ? "tft help" : "tft help " + command;
        return new CliException(ExitCode.USAGE, problem + ": run `" + help + "` for usage");
    }

    /**
     * A daemon-reported error: its (escaped) message plus the candidates (escaped) where the code
     * has them: peer names for unknown or ambiguous peers, offer ids for {@code no_offer} and
     * {@code ambiguous_offer}, trusted names for {@code not_trusted}; for {@code unknown_op} a hint
     * to restart the (older) daemon.
     */
    static CliException fromDaemon(ControlError error) {
        StringBuilder msg = new StringBuilder(Escape.forTerminal(error.message(), 400));
        switch (error.code()) {
            case UNKNOWN_PEER:
                msg.append(
                        error.candidates().isEmpty()
                                ? " (no peers known yet: run `tft peers` to check discovery)"
                                : " (known peers: " + names(error) + ")");
                break;
            case AMBIGUOUS_PEER:
                if (!error.candidates().isEmpty()) {
                    msg.append(" (matching peers: ").append(names(error)).append(')');
                }
                break;
            case NO_OFFER:
                msg.append(
                        error.candidates().isEmpty()
                                ? " (no offers are pending)"
                                : " (pending offers: " + names(error) + ")");
                break;
            case AMBIGUOUS_OFFER:
                if (!error.candidates().isEmpty()) {
                    msg.append(" (pending offers: ").append(names(error)).append(')');
                }
                break;
            case NOT_TRUSTED:
                msg.append(
                        error.candidates().isEmpty()
                                ? " (nothing is trusted yet)"
                                : " (trusted peers: " + names(error) + ")");
                break;
            case UNKNOWN_OP: // the CLI sends only ops it knows: the daemon is older than the CLI
                msg.append(": the daemon is older than this tft; restart it after upgrading");
                break;
            default:
                break;
        }
        return new CliException(ExitCode.forError(error.code()), msg.toString());
    }

    private static String names(ControlError error) {
        StringBuilder out = new StringBuilder();
        for (String name : error.candidates()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            if (out.length() > 300) {
                return out.append("…").toString();
            }
            out.append(Escape.forTerminal(name, 64));
        }
        return out.toString();
    }
}
