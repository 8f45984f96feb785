package dev.tft.transfer.wire;

import java.util.Objects;

/**
 * The seed's header: {@code NAME|SIZE} as UTF-8 text, right-padded with NUL or space to 1024 bytes.
 * The name is not validated here (that is {@code NamePolicy}'s job); only the framing is.
 */
public record LegacyHeader(String name, long size) {
    public LegacyHeader {
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " negative");
        }
    }
}
