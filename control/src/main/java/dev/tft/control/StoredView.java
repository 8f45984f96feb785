package dev.tft.control;

import java.util.Objects;

/**
 * A file the receiver confirmed as verified and stored.
 *
 * @param name the name as sent (relative, {@code /}-separated)
 * @param stored the name the receiver stored it under (may differ after a collision rename)
 * @param size its size in bytes, >= 0
 */
public record StoredView(String name, String stored, long size) {

    /** Validates. */
    public StoredView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stored, "stored");
        Checks.nonNegative(size, "size");
    }
}
