package dev.tft.daemon;

import dev.tft.control.ControlError;
import dev.tft.control.ControlError.Code;
import dev.tft.discovery.Peer;
import dev.tft.discovery.Resolution;
import dev.tft.transfer.TransferError;
import dev.tft.transfer.TransferException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place where engine failures become control-socket error codes. The CLI maps those codes
 * to exit codes in its own single place ({@code dev.tft.cli.ExitCode}).
 */
final class ControlErrors {
    private ControlErrors() {}

    /**
     * Maps a transfer failure to the control code the CLI turns into an exit code. Exhaustive on
     * purpose: a new {@link TransferError} does not compile until it is mapped here.
     */
    static Code code(TransferError error) {
        return switch (error) {
            case BAD_NAME,
                    TOO_LARGE,
                    NO_SPACE,
                    DENIED,
                    BAD_HEADER,
                    UNSUPPORTED_VERSION,
                    UNSUPPORTED_CHECKSUM,
                    TLS_REQUIRED,
                    IDENTITY_MISMATCH ->
                    Code.REJECTED;
            case BUSY, SHUTTING_DOWN -> Code.BUSY;
            case CONNECT_FAILED, TLS_FAILED -> Code.PEER_UNREACHABLE;
            case CANCELLED -> Code.CANCELLED;
            case SOURCE_CHANGED, SOURCE_UNREADABLE -> Code.SOURCE_ERROR;
            case CHECKSUM_MISMATCH,
                    INCOMPLETE,
                    IO_ERROR,
                    CONNECTION_LOST,
                    TIMEOUT,
                    PROTOCOL_ERROR,
                    NOT_TFT,
                    UNKNOWN_REMOTE_ERROR ->
                    Code.TRANSFER_FAILED;
        };
    }

    static ControlError of(TransferException e, String peerName) {
        Code code = code(e.error());
        if (e.error() == TransferError.IDENTITY_MISMATCH) {
            // The message already names the address and the peer it failed to prove.
            return new ControlError(
                    code,
                    oneLine(e.getMessage())
                            + "; nothing was sent (if it was reinstalled its key changed:"
                            + " compare fingerprints with tft peers --json)");
        }
        String what =
                switch (code) {
                    case REJECTED -> peerName + " refused the push: ";
                    case BUSY -> peerName + " is busy: ";
                    case PEER_UNREACHABLE -> "cannot reach " + peerName + ": ";
                    case CANCELLED -> "push cancelled: ";
                    case SOURCE_ERROR -> "cannot read the file to send: ";
                    default -> "push to " + peerName + " failed: ";
                };
        String next =
                switch (code) {
                    case BUSY -> "; retry in a moment";
                    case PEER_UNREACHABLE ->
                            "; check that tft runs there (tft peers) and port 5001/tcp is open";
                    case TRANSFER_FAILED -> "; push again to resume";
                    default -> "";
                };
        return new ControlError(code, what + oneLine(e.getMessage()) + next);
    }

    /**
     * The error for a peer query that did not resolve to exactly one peer. The names travel in
     * {@code candidates} (the CLI prints them escaped and bounded), not in the message.
     */
    static ControlError of(Resolution resolution) {
        if (resolution instanceof Resolution.Ambiguous a) {
            return new ControlError(
                    Code.AMBIGUOUS_PEER,
                    "'"
                            + a.query()
                            + "' matches "
                            + a.candidates().size()
                            + " peers; use a longer name, the peer id or an address",
                    names(a.candidates()));
        }
        if (resolution instanceof Resolution.NotFound n) {
            return new ControlError(
                    Code.UNKNOWN_PEER, "no peer named '" + n.query() + "'", names(n.known()));
        }
        throw new IllegalArgumentException("not an error: " + resolution);
    }

    static ControlError source(String message) {
        return new ControlError(Code.SOURCE_ERROR, oneLine(message));
    }

    static ControlError internal(Throwable t) {
        return new ControlError(
                Code.INTERNAL,
                "internal error ("
                        + t.getClass().getSimpleName()
                        + "); the daemon log has details");
    }

    /**
     * One candidate per peer, sorted: its name, or where several peers share that name, the name
     * and the start of the id ({@code twin (id 62yz7nz5)}), which {@code tft push} accepts, so
     * twins stay distinguishable.
     */
    static List<String> names(List<Peer> peers) {
        Map<String, Long> counts =
                peers.stream()
                        .collect(
                                Collectors.groupingBy(
                                        p -> p.name().toLowerCase(Locale.ROOT),
                                        Collectors.counting()));
        return peers.stream()
                .map(
                        p ->
                                counts.get(p.name().toLowerCase(Locale.ROOT)) > 1
                                        ? p.name() + " (" + tag(p) + ")"
                                        : p.name())
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .toList();
    }

    /**
     * Tells a peer apart from its namesakes: the start of its id, or its address (a static peer may
     * lack an id).
     */
    private static String tag(Peer p) {
        if (p.id() != null) {
            return "id " + p.id().value().substring(0, Math.min(8, p.id().value().length()));
        }
        return p.addresses().isEmpty() ? "static" : p.addresses().get(0).getHostAddress();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
