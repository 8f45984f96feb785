package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * Incremental file checksum for a wire algorithm id. CRC32C is the default (11.8 GB/s on one core
 * here, against 1.7 GB/s for SHA-256: it detects transport and disk corruption, not tampering;
 * SHA-256 is id 2 for that). Not thread-safe: one per file.
 */
final class Hasher {
    private final int alg;
    private final CRC32C crc;
    private final MessageDigest sha;

    Hasher(int alg) {
        this.alg = alg;
        if (alg == Protocol.ALG_CRC32C) {
            crc = new CRC32C();
            sha = null;
        } else if (alg == Protocol.ALG_SHA256) {
            crc = null;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        } else {
            throw new IllegalArgumentException("checksum algorithm " + alg + " unknown");
        }
    }

    int alg() {
        return alg;
    }

    /** Hashes the remaining bytes of {@code b} without moving its position. */
    void update(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        if (crc != null) {
            crc.update(d);
        } else {
            sha.update(d);
        }
    }

    byte[] digest() {
        if (crc != null) {
            return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        }
        return sha.digest();
    }
}
