package dev.tft.transfer.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class IdentityStoreTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

    @TempDir Path temp;
    private Path dir;
    private Path file;

    @BeforeEach
    void paths() {
        assumeTrue(
                temp.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "these tests check POSIX modes");
        dir = temp.resolve("config").resolve("tft");
        file = dir.resolve("identity.pem");
    }

    @Test
    void createsA0600FileInA0700Directory() throws Exception {
        DeviceIdentity identity = IdentityStore.loadOrCreate(file, "laptop", CLOCK);

        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(dir));
        assertEquals(List.of("identity.pem"), list(dir), "no temp file left behind");
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"), pem);
        assertTrue(pem.lines().allMatch(l -> l.length() <= 64), "64-column PEM");
        assertEquals(1, Files.getAttribute(file, "unix:nlink"), "the temp link is gone");
        assertEquals("CN=laptop", identity.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void secondCallLoadsTheSameIdentityWithoutRewriting() throws Exception {
        DeviceIdentity first = IdentityStore.loadOrCreate(file, "laptop", CLOCK);
        Files.setLastModifiedTime(file, LONG_AGO);
        byte[] before = Files.readAllBytes(file);

        DeviceIdentity second = IdentityStore.loadOrCreate(file, "renamed laptop", CLOCK);

        assertEquals(first.peerId(), second.peerId());
        assertEquals(first.certificate(), second.certificate());
        assertEquals(first.certificateSha256Hex(), second.certificateSha256Hex());
        assertArrayEquals(first.privateKey().getEncoded(), second.privateKey().getEncoded());
        assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("identity.pem"), list(dir));
    }

    @Test
    void corruptFileIsReportedAndLeftAlone() throws Exception {
        writePrivate(file, "hello, I am not a PEM file\n".getBytes(StandardCharsets.US_ASCII));

        IdentityException e = assertRefusedAndUntouched();

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it to make a new identity"), e.getMessage());
    }

    @Test
    void emptyFileIsCorruptNotAReasonToRegenerate() throws Exception {
        writePrivate(file, new byte[0]);
        IdentityException e = assertRefusedAndUntouched();
        assertTrue(e.getMessage().contains("no PRIVATE KEY block"), e.getMessage());
    }

    @Test
    void missingCertificateBlockIsNamed() throws Exception {
        String pem = validPem("x");
        writePrivate(file, ascii(pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE"))));
        IdentityException e = assertRefusedAndUntouched();
        assertTrue(e.getMessage().contains("is corrupt (no CERTIFICATE block)"), e.getMessage());
    }

    @Test
    void truncatedPemIsRefused() throws Exception {
        byte[] pem = ascii(validPem("x"));
        writePrivate(file, Arrays.copyOf(pem, pem.length * 2 / 3));
        IdentityException e = assertRefusedAndUntouched();
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void everyTruncationIsCorruptExceptTheFinalNewline() throws Exception {
        byte[] pem = ascii(validPem("x"));
        for (int length = 0; length < pem.length - 1; length++) {
            byte[] prefix = Arrays.copyOf(pem, length);
            IdentityException e =
                    assertThrows(
                            IdentityException.class,
                            () -> IdentityStore.parse(file, prefix),
                            "prefix of " + length);
            assertOneLine(e.getMessage());
        }
        assertNotNull(IdentityStore.parse(file, Arrays.copyOf(pem, pem.length - 1)));
    }

    @Test
    void garbageAroundOrInsideTheBlocksIsRefused() throws Exception {
        String pem = validPem("x");
        String cert = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE"));
        String key = pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE"));
        for (String bad :
                List.of(
                        "junk\n" + pem,
                        pem + "junk\n",
                        pem + cert,
                        pem.replace("-----END PRIVATE KEY-----", "-----END CERTIFICATE-----"),
                        pem.replaceFirst("\n[A-Za-z0-9+/]{10}", "\n!!!!!!!!!!"),
                        key + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        pem.replace("PRIVATE KEY", "PUBLIC KEY"),
                        pem + "\0")) {
            IdentityException e =
                    assertThrows(
                            IdentityException.class, () -> IdentityStore.parse(file, ascii(bad)));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
            assertOneLine(e.getMessage());
        }
        // The order of the two blocks and extra blank lines do not matter.
        assertNotNull(IdentityStore.parse(file, ascii("\n\n" + cert + "\n" + key + "\r\n")));
    }

    @Test
    void unsupportedKeyFormatsGetAConversionHint() throws Exception {
        String pem = validPem("x").replace("PRIVATE KEY", "EC PRIVATE KEY");
        IdentityException e =
                assertThrows(IdentityException.class, () -> IdentityStore.parse(file, ascii(pem)));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void damagedCertificateIsRefused() throws Exception {
        DeviceIdentity identity = DeviceIdentity.generate("device-a", CLOCK);
        byte[] der = identity.certificate().getEncoded();
        // Rename the subject without re-signing: it still parses, and the key still matches.
        byte[] cn = ascii("device-a");
        for (int i = 0; i + cn.length <= der.length; i++) {
            if (Arrays.equals(der, i, i + cn.length, cn, 0, cn.length)) {
                der[i + cn.length - 1] = 'b';
            }
        }
        String pem =
                pem("PRIVATE KEY", identity.privateKey().getEncoded()) + pem("CERTIFICATE", der);
        IdentityException e =
                assertThrows(IdentityException.class, () -> IdentityStore.parse(file, ascii(pem)));
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
    }

    @Test
    void keyFromAnotherIdentityIsRefused() throws Exception {
        DeviceIdentity a = DeviceIdentity.generate("a", CLOCK);
        DeviceIdentity b = DeviceIdentity.generate("b", CLOCK);
        writePrivate(
                file,
                ascii(
                        pem("PRIVATE KEY", b.privateKey().getEncoded())
                                + pem("CERTIFICATE", a.certificate().getEncoded())));

        IdentityException e = assertRefusedAndUntouched();

        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        String secret = Base64.getEncoder().encodeToString(b.privateKey().getEncoded());
        assertFalse(e.getMessage().contains(secret.substring(40, 60)));
    }

    @Test
    void groupReadableFileIsRefused() throws Exception {
        IdentityStore.loadOrCreate(file, "laptop", CLOCK);
        for (String mode : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-------")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            if (mode.equals("rw-------")) {
                assertNotNull(IdentityStore.loadOrCreate(file, "laptop", CLOCK));
                continue;
            }
            IdentityException e = assertRefusedAndUntouched();
            assertTrue(e.getMessage().contains("accessible to other users"), e.getMessage());
            assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertEquals(mode, mode(file));
        }
        // Read-only for the owner is fine: we never write an existing file.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertNotNull(IdentityStore.loadOrCreate(file, "laptop", CLOCK));
    }

    @Test
    void unreadableFileIsRefused() throws Exception {
        IdentityStore.loadOrCreate(file, "laptop", CLOCK);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: mode 000 is still readable");
        IdentityException e = assertRefusedAndUntouched();
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void directoryInsteadOfAFileIsRefused() throws Exception {
        Files.createDirectories(file);
        IdentityException e =
                assertThrows(
                        IdentityException.class,
                        () -> IdentityStore.loadOrCreate(file, "laptop", CLOCK));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.isDirectory(file));
    }

    @Test
    void danglingSymlinkIsRefusedNotReplaced() throws Exception {
        Files.createDirectories(dir);
        Files.createSymbolicLink(file, dir.resolve("moved-away.pem"));
        IdentityException e =
                assertThrows(
                        IdentityException.class,
                        () -> IdentityStore.loadOrCreate(file, "laptop", CLOCK));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(file));
        assertEquals(List.of("identity.pem"), list(dir));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        // As if another process published its identity between our load and our link.
        DeviceIdentity theirs = DeviceIdentity.generate("theirs", CLOCK);
        Files.createDirectories(dir);
        writePrivate(file, IdentityStore.encode(theirs));
        Files.setLastModifiedTime(file, LONG_AGO);
        byte[] before = Files.readAllBytes(file);

        DeviceIdentity got = IdentityStore.create(file, "ours", CLOCK);

        assertEquals(theirs.peerId(), got.peerId());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
        assertEquals(List.of("identity.pem"), list(dir), "our temp file is gone");
    }

    @Test
    void looseDirectoryOfOursIsTightened() throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IdentityStore.loadOrCreate(file, "laptop", CLOCK);
        assertEquals("rwx------", mode(dir));
    }

    @Test
    void looseDirectoryOfSomeoneElseIsRefused() throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        UserPrincipal nobody;
        try {
            nobody =
                    dir.getFileSystem()
                            .getUserPrincipalLookupService()
                            .lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give a directory away (not root): " + e);
            return;
        }
        IdentityException e =
                assertThrows(
                        IdentityException.class,
                        () -> IdentityStore.loadOrCreate(file, "laptop", CLOCK));
        assertTrue(e.getMessage().contains("belongs to nobody"), e.getMessage());
        assertEquals("rwxrwxrwx", mode(dir));
        assertEquals(List.of(), list(dir));
    }

    @Test
    void invalidCommonNameIsRefusedEvenWhenTheFileExists() throws Exception {
        IdentityStore.loadOrCreate(file, "laptop", CLOCK);
        assertThrows(
                IllegalArgumentException.class,
                () -> IdentityStore.loadOrCreate(file, "bad\nname", CLOCK));
    }

    @Test
    void messagesStayOnOneLine() {
        IdentityException e = new IdentityException("identity file /tmp/a\nb\u2028c is corrupt");
        assertEquals("identity file /tmp/a\\x0ab\\u2028c is corrupt", e.getMessage());
    }

    /** Asserts loadOrCreate refuses {@link #file} and leaves it and its directory as they were. */
    private IdentityException assertRefusedAndUntouched() throws IOException {
        Files.setLastModifiedTime(file, LONG_AGO);
        byte[] before = Files.readAllBytes(file);
        String modeBefore = mode(file);
        List<String> dirBefore = list(dir);

        IdentityException e =
                assertThrows(
                        IdentityException.class,
                        () -> IdentityStore.loadOrCreate(file, "laptop", CLOCK));

        assertOneLine(e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
        assertEquals(modeBefore, mode(file));
        assertEquals(dirBefore, list(dir));
        return e;
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), message);
    }

    private static String validPem(String commonName) {
        return new String(
                IdentityStore.encode(DeviceIdentity.generate(commonName, CLOCK)),
                StandardCharsets.US_ASCII);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + label
                + "-----\n";
    }

    private static void writePrivate(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
