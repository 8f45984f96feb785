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
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A peer's stable identity, published in the TXT key {@code id}: 16 to 64 characters of lowercase
 * {@code a-z0-9} (our own ids are 26 characters of RFC 4648 base32, 130 random bits; hex ids from
 * other implementations are accepted). Immutable, validated on construction.
 *
 * @param value the id text; never null
 * @throws IllegalArgumentException if {@code value} is not a valid id
 */
public record PeerId(String value) implements Comparable<PeerId> {

    private static final Pattern VALID = Pattern.compile("[a-z0-9]{16,64}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 26;

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

    @Override
    public int compareTo(PeerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
