package dev.tft.cli;

import dev.tft.control.ControlError;
import dev.tft.control.DaemonUnavailableException;

/**
 * Process exit codes of {@code tft} (sysexits.h), and the one place where control-protocol error
 * codes and daemon-connection failures become exit codes.
 */
public enum ExitCode {
    /** Success (for a push: the receiver confirmed every file verified and stored). */
    OK(0),
    /** Bad command line. */
    USAGE(64),
    /**
     * The daemon said our request was malformed ({@code bad_request}), or it names no pending offer
     * or several ({@code no_offer}, {@code ambiguous_offer}).
     */
    DATAERR(65),
    /** A local path is missing or unreadable ({@code source_error}). */
    NOINPUT(66),
    /** No such peer, the name is ambiguous, or no such peer is trusted ({@code not_trusted}). */
    NOHOST(68),
    /** The daemon is not running, or the peer is unreachable. */
    UNAVAILABLE(69),
    /** A bug ({@code internal}, {@code unknown_op}). */
    SOFTWARE(70),
    /** The transfer failed mid-way. */
    IOERR(74),
    /** The daemon or receiver is busy; retry later. */
    TEMPFAIL(75),
    /** The daemon's reply was garbled or ended early. */
    PROTOCOL(76),
    /** Permission denied, or the receiver refused. */
    NOPERM(77),
    /** Cancelled (Ctrl-C or {@code cancelled}). */
    CANCELLED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The numeric process exit status. */
    public int code() {
        return code;
    }

    /** Maps a control-protocol error code to an exit code. The only such mapping. */
    public static ExitCode forError(ControlError.Code code) {
        switch (code) {
            case BAD_REQUEST:
            case NO_OFFER: // the offer id given (or implied) matches no pending offer
            case AMBIGUOUS_OFFER:
                return DATAERR;
            case SOURCE_ERROR:
                return NOINPUT;
            case UNKNOWN_PEER:
            case AMBIGUOUS_PEER:
            case NOT_TRUSTED: // like unknown_peer, but in the trust store
                return NOHOST;
            case PEER_UNREACHABLE:
                return UNAVAILABLE;
            case TRANSFER_FAILED:
                return IOERR;
            case BUSY:
                return TEMPFAIL;
            case REJECTED:
            case PERMISSION_DENIED:
                return NOPERM;
            case CANCELLED:
                return CANCELLED;
            case UNKNOWN_OP:
            case NOT_FOUND: // the CLI never sends cancel, so this is a daemon bug from our side
            case INTERNAL:
                return SOFTWARE;
            default:
                throw new AssertionError("unmapped control error code " + code);
        }
    }

    /** Maps a failure to reach the daemon to an exit code. */
    public static ExitCode forUnavailable(DaemonUnavailableException.Reason reason) {
        return reason == DaemonUnavailableException.Reason.PERMISSION_DENIED ? NOPERM : UNAVAILABLE;
    }
}
