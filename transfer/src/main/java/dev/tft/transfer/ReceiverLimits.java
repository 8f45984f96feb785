package dev.tft.transfer;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of a {@link Receiver}. Values validate themselves (positive durations and counts,
 * non-negative sizes); {@link #defaults()} documents the defaults.
 *
 * @param headerDeadline absolute time from accept to a complete header (trickling does not extend
 *     it)
 * @param idleTimeout longest time without a byte once the header is in
 * @param maxConnections connections still sending their header, all addresses together
 * @param maxConnectionsPerAddress connections still sending their header, per remote IP address
 * @param maxTransfers connections past their header (native sessions and legacy pushes) at once
 * @param maxFileSize largest file accepted, in bytes
 * @param freeSpaceReserve bytes that must stay free in the inbox's file store after the file is
 *     written
 */
public record ReceiverLimits(
        Duration headerDeadline,
        Duration idleTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxTransfers,
        long maxFileSize,
        long freeSpaceReserve) {
    public ReceiverLimits {
        positive(headerDeadline, "headerDeadline");
        positive(idleTimeout, "idleTimeout");
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxTransfers < 1) {
            throw new IllegalArgumentException("connection and transfer limits must be at least 1");
        }
        if (maxFileSize < 0 || freeSpaceReserve < 0) {
            throw new IllegalArgumentException(
                    "maxFileSize and freeSpaceReserve must not be negative");
        }
    }

    /**
     * Transfers one remote address may run at once: half of {@link #maxTransfers()} (at least 1),
     * so a single host, hostile or just busy, can never hold every slot (security case RES-05).
     * Derived, not configured.
     */
    public int maxTransfersPerAddress() {
        return Math.max(1, maxTransfers / 2);
    }

    /**
     * 10 s header deadline, 30 s idle, 64 / 8 pre-header connections, 8 transfers, 64 GiB files, 1
     * GiB reserve.
     */
    public static ReceiverLimits defaults() {
        return new ReceiverLimits(
                Duration.ofSeconds(10), Duration.ofSeconds(30), 64, 8, 8, 64L << 30, 1L << 30);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
