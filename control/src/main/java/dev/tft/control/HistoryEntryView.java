package dev.tft.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished push, received or sent, from the daemon's history. Peer-controlled: {@code peer},
 * {@code stored} and {@code message}; escape them before printing.
 *
 * @param time when the push ended
 * @param direction {@code in} (received) or {@code out} (sent)
 * @param peer the other side; name and id are {@code ""} for a legacy push, and may be {@code ""}
 *     for an outgoing push that never reached its peer
 * @param legacy true for the seed's legacy header
 * @param files number of files offered, >= 0
 * @param bytes total bytes offered, >= 0
 * @param result {@link #STORED}, {@link #REJECTED}, {@link #FAILED} or {@link #CANCELLED}
 * @param stored the names the receiver stored files under, in order (empty unless something was
 *     stored)
 * @param message one line saying why it was rejected, failed or cancelled; {@code ""} when none
 */
public record HistoryEntryView(
        Instant time,
        String direction,
        PeerRef peer,
        boolean legacy,
        int files,
        long bytes,
        String result,
        List<String> stored,
        String message) {

    /** Every file was verified and stored. */
    public static final String STORED = "stored";

    /** The receiver, or its owner, refused the push (or did not answer the offer in time). */
    public static final String REJECTED = "rejected";

    /** The push broke off: connection lost, timeout, checksum mismatch, local error. */
    public static final String FAILED = "failed";

    /** Cancelled by the sending side. */
    public static final String CANCELLED = "cancelled";

    /** Validates and copies. */
    public HistoryEntryView {
        Objects.requireNonNull(time, "time");
        Checks.oneOf(direction, "direction", "in", "out");
        Objects.requireNonNull(peer, "peer");
        Checks.nonNegative(files, "files");
        Checks.nonNegative(bytes, "bytes");
        Checks.oneOf(result, "result", STORED, REJECTED, FAILED, CANCELLED);
        stored = List.copyOf(Objects.requireNonNull(stored, "stored"));
        Objects.requireNonNull(message, "message");
    }
}
