package dev.tft.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A peer's stable identity, published in the TXT key {@code id}: 16 to 64 characters of lowercase
 * {@code a-z0-9}. Since 0.2 a tft daemon's id is derived from its device key ({@link
 * #fromFingerprint}: 26 characters of RFC 4648 base32, 130 bits); 0.1 used 130 random bits ({@link
 * #random}); hex ids from other implementations are accepted. Immutable, validated on construction.
 *
 * @param value the id text; never null
 * @throws IllegalArgumentException if {@code value} is not a valid id
 */
public record PeerId(String value) implements Comparable<PeerId> {

    /** Length of a key fingerprint: 64 lowercase hex digits (SHA-256). */
    public static final int FINGERPRINT_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[a-z0-9]{16,64}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 26;
    private static final int DERIVED_CHARS = 26;

    public PeerId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid peer id (want 16-64 chars of [a-z0-9]): " + SafeText.forLog(value));
        }
    }

    /** True if {@code text} would be accepted by the constructor. Null-safe. */
    public static boolean isValid(String text) {
        return text != null && VALID.matcher(text).matches();
    }

    /**
     * True if {@code text} is a key fingerprint: exactly {@value #FINGERPRINT_LENGTH} lowercase hex
     * digits (no separators, no upper case). Null-safe.
     */
    public static boolean isFingerprint(String text) {
        return text != null && FINGERPRINT.matcher(text).matches();
    }

    /**
     * The id derived from a device key's fingerprint (PROTOCOL.md part B): the first 26 characters
     * of lowercase, unpadded RFC 4648 base32 of the 32 bytes {@code fingerprint} spells in hex,
     * i.e. of SHA-256 over the key's DER SubjectPublicKeyInfo.
     *
     * @throws IllegalArgumentException if {@code fingerprint} is not {@linkplain #isFingerprint a
     *     fingerprint}
     */
    public static PeerId fromFingerprint(String fingerprint) {
        if (!isFingerprint(fingerprint)) {
            throw new IllegalArgumentException(
                    "invalid fingerprint (want 64 lowercase hex digits): "
                            + SafeText.forLog(fingerprint));
        }
        return new PeerId(base32(HexFormat.of().parseHex(fingerprint)).substring(0, DERIVED_CHARS));
    }

    /**
     * True if {@code fingerprint} is a well-formed fingerprint and this id is {@linkplain
     * #fromFingerprint derived} from it. Null-safe; never throws. A match proves nothing about who
     * announced it (anyone can copy both); only a TLS handshake with the key proves that.
     */
    public boolean matchesFingerprint(String fingerprint) {
        return isFingerprint(fingerprint) && fromFingerprint(fingerprint).equals(this);
    }

    /** A new random id (130 bits from {@link SecureRandom}). */
    public static PeerId random() {
        char[] out = new char[RANDOM_CHARS];
        for (int i = 0; i < out.length; i++) {
            out[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new PeerId(new String(out));
    }

    /**
     * Reads the id stored in {@code file}, or creates the file with a new random id. Creation is
     * atomic and never clobbers: the id is written to a temp file (mode 0600 where POSIX
     * permissions exist), fsynced, then hard-linked into place; if another process won the race,
     * its id is used.
     *
     * @throws IOException if the file cannot be read or written, or holds an invalid id
     */
    public static PeerId loadOrCreate(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.exists(abs)) {
            return read(abs);
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        PeerId fresh = random();
        Path tmp = createPrivateTemp(dir);
        try {
            Files.write(
                    tmp,
                    (fresh.value + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            try {
                Files.createLink(abs, tmp);
                return fresh;
            } catch (FileAlreadyExistsException lostRace) {
                return read(abs);
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                // e.g. FAT or some network file systems: a move without REPLACE_EXISTING still
                // refuses
                // to clobber a file another process created meanwhile.
                try {
                    Files.move(tmp, abs);
                    return fresh;
                } catch (FileAlreadyExistsException lostRace) {
                    return read(abs);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static PeerId read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!isValid(text)) {
            throw new IOException("invalid peer id in " + file + ": " + SafeText.forLog(text));
        }
        return new PeerId(text);
    }

    private static Path createPrivateTemp(Path dir) throws IOException {
        try {
            FileAttribute<?> mode =
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, ".peer-id-", ".tmp", mode);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, ".peer-id-", ".tmp");
        }
    }

    /** Lowercase RFC 4648 base32 without padding. */
    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xFF; // high bits fall off the int; only `bits` are used
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(BASE32[buffer >>> bits & 0x1F]);
            }
        }
        if (bits > 0) {
            out.append(BASE32[buffer << (5 - bits) & 0x1F]);
        }
        return out.toString();
    }

    @Override
    public int compareTo(PeerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
