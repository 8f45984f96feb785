package dev.tft.transfer.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the device identity in one PEM file: an unencrypted PKCS#8 {@code PRIVATE KEY} block then a
 * {@code CERTIFICATE} block, mode 0600 in a 0700 directory (on POSIX file systems).
 *
 * <p>The identity is this device's name in every peer's trust list, so this class never replaces an
 * existing file, whatever is wrong with it: a file that cannot be read, parsed, or trusted
 * (group/other permission bits set) is an {@link IdentityException} telling the user what to do,
 * and the file is left exactly as it was. A new identity is written to a 0600 temp file, fsynced,
 * then published with a hard link, which fails rather than clobbers if another process published
 * first (in which case theirs is used), so concurrent first starts agree on one identity.
 *
 * <p>Nothing here logs, and no exception message contains key material. Stateless and thread-safe;
 * concurrent processes are safe as described above.
 */
public final class IdentityStore {
    /** No identity file is anywhere near this; a bigger one is not ours. */
    static final int MAX_FILE_SIZE = 64 * 1024;

    private static final Set<PosixFilePermission> FILE_MODE =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE =
            PosixFilePermissions.fromString("rwx------");
    private static final String KEY = "PRIVATE KEY";
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String DELETE_TO_REGENERATE =
            "delete it to make a new identity (peers that trusted this device will have to trust"
                    + " it again)";

    private IdentityStore() {}

    /**
     * Loads the identity in {@code file}, or, if there is no such file, makes a new one and stores
     * it there. {@code commonName} and {@code clock} are used only when making one (renaming the
     * device does not change its identity), but {@code commonName} is always checked.
     *
     * @param commonName the CN of a new certificate: 1–64 characters, no control characters
     * @throws IdentityException if {@code file} exists (or is a dangling symbolic link) but is
     *     unreadable, corrupt, accessible to group or others, or holds a key that does not match
     *     its certificate; or if the directory is accessible to others and belongs to someone else.
     *     The file is never modified.
     * @throws IOException if a new identity cannot be written (the target is then untouched)
     * @throws IllegalArgumentException if {@code commonName} is invalid
     */
    public static DeviceIdentity loadOrCreate(Path file, String commonName, Clock clock)
            throws IOException, IdentityException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        SelfSignedCertificate.checkCommonName(commonName);
        Path target = file.toAbsolutePath();
        DeviceIdentity existing = load(target);
        return existing != null ? existing : create(target, commonName, clock);
    }

    /**
     * The identity stored in {@code file}, or null if there is no such file.
     *
     * @throws IdentityException if the file exists but cannot be used
     */
    static DeviceIdentity load(Path file) throws IdentityException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new IdentityException(
                        "identity file "
                                + file
                                + " is a symbolic link to a missing file: restore its target, or "
                                + DELETE_TO_REGENERATE);
            }
            return null;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!attributes.isRegularFile()) {
            throw new IdentityException(
                    "identity file " + file + " is not a regular file: move it out of the way");
        }
        // Checked before reading: a key that others could read is not parsed, let alone used.
        if (isPosix(file)) {
            Set<PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(file);
            } catch (IOException e) {
                throw unreadable(file, e);
            }
            if (!FILE_MODE.containsAll(mode)) {
                throw new IdentityException(
                        "identity file "
                                + file
                                + " is accessible to other users (mode "
                                + PosixFilePermissions.toString(mode)
                                + "): if nobody else can have read it, run chmod 600 on it;"
                                + " otherwise "
                                + DELETE_TO_REGENERATE);
            }
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_SIZE + 1);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        try {
            return parse(file, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Makes a new identity and publishes it at {@code file} unless a file is already there, in
     * which case that one is loaded and returned instead.
     */
    static DeviceIdentity create(Path file, String commonName, Clock clock)
            throws IOException, IdentityException {
        Path dir = file.getParent();
        if (dir == null) {
            throw new IOException("identity file " + file + " has no parent directory");
        }
        boolean posix = isPosix(file);
        secureDirectory(dir, posix);
        DeviceIdentity identity = DeviceIdentity.generate(commonName, clock);
        Path temp =
                posix
                        ? Files.createTempFile(
                                dir,
                                ".identity-",
                                ".tmp",
                                PosixFilePermissions.asFileAttribute(FILE_MODE))
                        : Files.createTempFile(dir, ".identity-", ".tmp");
        boolean published;
        try {
            byte[] pem = encode(identity);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(pem);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            } finally {
                Arrays.fill(pem, (byte) 0);
            }
            published = publish(temp, file);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Only clutter: a 0600 copy (after a link, the same inode) in our 0700 directory.
            }
        }
        if (!published) {
            // Another process made an identity first; theirs is the one peers will see.
            DeviceIdentity theirs = load(file);
            if (theirs == null) {
                throw new IOException(
                        "identity file " + file + " appeared and vanished while we made one");
            }
            return theirs;
        }
        fsyncDirectory(dir);
        return identity;
    }

    /**
     * Parses the PEM text of an identity file. Only whitespace may surround the two blocks; the
     * blocks may come in either order (we write the key first).
     */
    static DeviceIdentity parse(Path file, byte[] bytes) throws IdentityException {
        if (bytes.length > MAX_FILE_SIZE) {
            throw corrupt(file, "larger than " + MAX_FILE_SIZE / 1024 + " KiB");
        }
        for (byte b : bytes) {
            if (b <= 0) { // NUL or not ASCII
                throw corrupt(file, "not a PEM text file");
            }
        }
        Map<String, byte[]> blocks = new HashMap<>();
        String label = null;
        StringBuilder body = null;
        int lineNumber = 0;
        try {
            for (String raw : new String(bytes, StandardCharsets.US_ASCII).split("\n", -1)) {
                lineNumber++;
                String line = raw.strip();
                if (label == null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----")) {
                        // Never quote the line: it might be a piece of the key.
                        throw corrupt(file, "unexpected text on line " + lineNumber);
                    }
                    label = line.substring("-----BEGIN ".length(), line.length() - 5);
                    checkLabel(file, label, lineNumber);
                    if (blocks.containsKey(label)) {
                        throw corrupt(file, "a second " + label + " block on line " + lineNumber);
                    }
                    body = new StringBuilder();
                } else if (line.equals("-----END " + label + "-----")) {
                    blocks.put(label, base64(file, label, body));
                    label = null;
                } else if (line.startsWith("-----")) {
                    throw corrupt(file, "no END " + label + " line before line " + lineNumber);
                } else {
                    body.append(line);
                }
            }
            if (label != null) {
                throw corrupt(file, "truncated: no END " + label + " line");
            }
            if (!blocks.containsKey(KEY)) {
                throw corrupt(file, "no " + KEY + " block");
            }
            if (!blocks.containsKey(CERTIFICATE)) {
                throw corrupt(file, "no " + CERTIFICATE + " block");
            }
            return identity(file, privateKey(file, blocks.get(KEY)), certificate(file, blocks));
        } finally {
            // Best effort: the decoded key parts need not outlive the parse.
            blocks.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    /** The PEM text we write: 64-column base64, LF line ends, key first. */
    static byte[] encode(DeviceIdentity identity) {
        if (!"PKCS#8".equals(identity.privateKey().getFormat())) {
            throw new IllegalStateException("the private key has no PKCS#8 encoding");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] key = identity.privateKey().getEncoded();
        try {
            pem(out, KEY, key);
            pem(out, CERTIFICATE, identity.certificate().getEncoded());
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the certificate cannot be encoded", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void pem(ByteArrayOutputStream out, String label, byte[] der) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        out.writeBytes(("-----BEGIN " + label + "-----\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(encoder.encode(der));
        out.writeBytes(("\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkLabel(Path file, String label, int lineNumber)
            throws IdentityException {
        if (label.equals(KEY) || label.equals(CERTIFICATE)) {
            return;
        }
        if (label.endsWith("PRIVATE KEY")) {
            // "EC PRIVATE KEY" (SEC 1, openssl ecparam) or "ENCRYPTED PRIVATE KEY": a real key
            // in a form we do not read, so say how to convert it rather than "corrupt".
            throw new IdentityException(
                    "identity file "
                            + file
                            + " holds a key in a form tft cannot read ("
                            + label
                            + "): tft needs an unencrypted PKCS#8 PRIVATE KEY block (openssl pkcs8"
                            + " -topk8 -nocrypt converts one); or "
                            + DELETE_TO_REGENERATE);
        }
        throw corrupt(
                file,
                (label.matches("[A-Z0-9 ]{1,40}") ? "a " + label : "an unexpected")
                        + " block on line "
                        + lineNumber);
    }

    private static byte[] base64(Path file, String label, StringBuilder body)
            throws IdentityException {
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (der.length == 0) {
                throw corrupt(file, "empty " + label + " block");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "bad base64 in the " + label + " block");
        }
    }

    private static PrivateKey privateKey(Path file, byte[] der) throws IdentityException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            // No cause attached: a parser's message about a key is the one place a secret
            // could leak into a log.
            throw corrupt(file, "the " + KEY + " block is not a PKCS#8 EC private key");
        }
    }

    private static X509Certificate certificate(Path file, Map<String, byte[]> blocks)
            throws IdentityException {
        byte[] der = blocks.get(CERTIFICATE);
        X509Certificate certificate;
        try {
            certificate =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(new ByteArrayInputStream(der));
            // The factory stops after one certificate; anything after it is damage.
            if (certificate.getEncoded().length != der.length) {
                throw corrupt(file, "trailing bytes after the certificate");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IdentityException(
                    corruptMessage(
                            file, "the " + CERTIFICATE + " block is not an X.509 certificate"),
                    e);
        }
        return certificate;
    }

    private static DeviceIdentity identity(Path file, PrivateKey key, X509Certificate certificate)
            throws IdentityException {
        DeviceIdentity identity;
        try {
            identity = new DeviceIdentity(key, certificate);
        } catch (IllegalArgumentException e) {
            // DeviceIdentity's messages say which check failed and never include the key.
            throw new IdentityException(
                    "identity file "
                            + file
                            + " does not hold a usable identity ("
                            + e.getMessage()
                            + "): restore it from a backup, or "
                            + DELETE_TO_REGENERATE);
        }
        try {
            // The key matches, so a bad signature means the rest of the certificate (name,
            // dates, extensions) was damaged, and strict peers would refuse it.
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw corrupt(file, "the certificate's signature does not verify");
        }
        return identity;
    }

    /**
     * Creates {@code dir} (0700) if needed. An existing directory that group or others can access
     * is tightened to 0700 if it is ours; someone else's is refused: whoever owns the directory can
     * replace our identity file.
     */
    private static void secureDirectory(Path dir, boolean posix)
            throws IOException, IdentityException {
        if (!posix) {
            Files.createDirectories(dir);
            return;
        }
        try {
            // Directories this creates get 0700 (minus umask bits, which can only tighten).
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileAlreadyExistsException e) {
            throw new IdentityException(
                    "identity directory " + dir + " exists but is not a directory: move it away");
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
        if (DIR_MODE.containsAll(attributes.permissions())) {
            return;
        }
        if (!attributes.owner().equals(currentUser(dir))) {
            throw new IdentityException(
                    "identity directory "
                            + dir
                            + " is accessible to other users (mode "
                            + PosixFilePermissions.toString(attributes.permissions())
                            + ") and belongs to "
                            + attributes.owner().getName()
                            + ": keep the identity in a directory of your own");
        }
        Files.setPosixFilePermissions(dir, DIR_MODE);
    }

    private static UserPrincipal currentUser(Path dir) {
        try {
            return dir.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException e) {
            return null; // unknown: owns nothing, so the caller refuses to touch the directory
        }
    }

    /**
     * Publishes {@code temp} as {@code file} unless {@code file} exists: true if published, false
     * if another file got there first.
     */
    private static boolean publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
                throw e;
            }
            // No hard links here (FAT, some network and FUSE file systems). A move without
            // REPLACE_EXISTING still refuses an existing target, but checks and then renames, so
            // two first starts racing within that window could each believe it won.
            try {
                Files.move(temp, file);
                return true;
            } catch (FileAlreadyExistsException lost) {
                return false;
            }
        }
    }

    /** Makes the new directory entry durable. Some platforms cannot open a directory: skip. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows refuses to open a directory, some file systems refuse to sync one; the
            // file itself was synced, only the name may need the next sync to be durable.
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static IdentityException corrupt(Path file, String what) {
        return new IdentityException(corruptMessage(file, what));
    }

    private static String corruptMessage(Path file, String what) {
        return "identity file "
                + file
                + " is corrupt ("
                + what
                + "): restore it from a backup, or "
                + DELETE_TO_REGENERATE;
    }

    private static IdentityException unreadable(Path file, IOException e) {
        String why =
                e instanceof AccessDeniedException
                        ? "permission denied"
                        : e instanceof FileSystemException
                                        && ((FileSystemException) e).getReason() != null
                                ? ((FileSystemException) e).getReason()
                                : e.getClass().getSimpleName();
        return new IdentityException(
                "identity file "
                        + file
                        + " cannot be read ("
                        + why
                        + "): make it readable by the user running tft, or "
                        + DELETE_TO_REGENERATE,
                e);
    }
}
