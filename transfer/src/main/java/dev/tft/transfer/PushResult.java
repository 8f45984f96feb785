package dev.tft.transfer;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of a successful push: every confirmed entry in offer order (directories included, size
 * 0), the payload bytes put on the wire in this push (a resumed prefix is not counted) and the wall
 * time.
 */
public record PushResult(List<StoredFile> files, long bytes, Duration elapsed) {
    public PushResult {
        files = List.copyOf(files);
    }
}
