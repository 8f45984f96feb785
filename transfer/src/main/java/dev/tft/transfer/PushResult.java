package dev.tft.transfer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of a successful push: every confirmed entry in offer order (directories included, size
 * 0), the payload bytes put on the wire in this push (a resumed prefix is not counted) and the wall
 * time, and the receiver's peer id as proved by its key in the TLS handshake (empty for the seed's
 * legacy form, which proves nothing).
 */
public record PushResult(List<StoredFile> files, long bytes, Duration elapsed, String receiverId) {
    public PushResult {
        files = List.copyOf(files);
        Objects.requireNonNull(receiverId, "receiverId");
    }
}
