package dev.tft.transfer;

import java.time.Duration;
import java.util.Objects;

/**
 * Sender tuning. {@code connectTimeout} bounds the TCP connect; {@code idleTimeout} bounds any wait
 * for the receiver (a stalled write or a missing reply). {@code checksum} is the wire algorithm id
 * (1 = CRC32C, 2 = SHA-256).
 */
public record SenderOptions(Duration connectTimeout, Duration idleTimeout, int checksum) {
    public SenderOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (dev.tft.transfer.wire.Protocol.digestLength(checksum) < 0) {
            throw new IllegalArgumentException("checksum algorithm " + checksum + " unknown");
        }
    }

    /** Options with the default checksum, CRC32C. */
    public SenderOptions(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, dev.tft.transfer.wire.Protocol.ALG_CRC32C);
    }

    /** 5 s connect, 30 s idle, CRC32C. */
    public static SenderOptions defaults() {
        return new SenderOptions(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
