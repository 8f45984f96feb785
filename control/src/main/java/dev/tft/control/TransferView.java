package dev.tft.control;

import java.util.Objects;

/**
 * An active transfer in a {@link StatusView}.
 *
 * @param direction {@code in} or {@code out}
 * @param peer the other side's name (peer-controlled for {@code in})
 * @param file the file name being transferred (peer-controlled for {@code in})
 * @param bytes bytes done so far, >= 0
 * @param size the file size in bytes, >= 0
 */
public record TransferView(String direction, String peer, String file, long bytes, long size) {

    /** Validates. */
    public TransferView {
        if (!"in".equals(direction) && !"out".equals(direction)) {
            throw new IllegalArgumentException("direction must be in or out, got " + direction);
        }
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(file, "file");
        Checks.nonNegative(bytes, "bytes");
        Checks.nonNegative(size, "size");
    }
}
