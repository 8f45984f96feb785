package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The pairing arithmetic of {@code PROTOCOL.md} part A §11, pure and stateless: nonces, the
 * commitment to a nonce, and the 6-digit code both users compare.
 *
 * <pre>
 * code = first 4 bytes, as u32, mod 1,000,000, zero-padded to 6 digits, of
 *        SHA-256("tft-pair-v1" || fpInitiator || fpResponder || nonceInitiator || nonceResponder)
 * </pre>
 *
 * where the fingerprints are the 64-character lowercase hex SHA-256 of each side's public key (as
 * ASCII) and the nonces are the 32 raw bytes. Because the initiator commits to its nonce before it
 * sees the responder's, and the responder reveals its nonce before it sees the initiator's, neither
 * side (nor a relay holding its own key on each leg) can choose a nonce that makes two different
 * key pairs give the same code: it gets one try, which succeeds with probability 10^-6.
 */
public final class PairingCode {
    private static final byte[] LABEL = "tft-pair-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingCode() {}

    /** A fresh random nonce of {@link Protocol#PAIR_NONCE_SIZE} bytes. Thread-safe. */
    public static byte[] nonce() {
        byte[] n = new byte[Protocol.PAIR_NONCE_SIZE];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The commitment to {@code nonce}: its SHA-256. */
    public static byte[] commitment(byte[] nonce) {
        checkNonce(nonce, "nonce");
        return sha256().digest(nonce);
    }

    /** True if {@code nonce} opens {@code commitment} (constant-time comparison). */
    public static boolean opens(byte[] nonce, byte[] commitment) {
        return MessageDigest.isEqual(commitment(nonce), commitment);
    }

    /**
     * The 6-digit code for a pairing between the initiator (the side that connected) and the
     * responder. Throws {@link IllegalArgumentException} for a fingerprint that is not 64 lowercase
     * hex characters or a nonce that is not 32 bytes.
     */
    public static String code(
            String fpInitiator, String fpResponder, byte[] nonceInitiator, byte[] nonceResponder) {
        checkFingerprint(fpInitiator, "fpInitiator");
        checkFingerprint(fpResponder, "fpResponder");
        checkNonce(nonceInitiator, "nonceInitiator");
        checkNonce(nonceResponder, "nonceResponder");
        MessageDigest d = sha256();
        d.update(LABEL);
        d.update(fpInitiator.getBytes(StandardCharsets.US_ASCII));
        d.update(fpResponder.getBytes(StandardCharsets.US_ASCII));
        d.update(nonceInitiator);
        d.update(nonceResponder);
        long n = Integer.toUnsignedLong(ByteBuffer.wrap(d.digest()).getInt());
        return String.format("%06d", n % 1_000_000);
    }

    private static void checkFingerprint(String fp, String what) {
        Objects.requireNonNull(fp, what);
        if (fp.length() != 64
                || !fp.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException(what + " is not 64 lowercase hex characters");
        }
    }

    private static void checkNonce(byte[] nonce, String what) {
        Objects.requireNonNull(nonce, what);
        if (nonce.length != Protocol.PAIR_NONCE_SIZE) {
            throw new IllegalArgumentException(what + " has " + nonce.length + " bytes, not 32");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
