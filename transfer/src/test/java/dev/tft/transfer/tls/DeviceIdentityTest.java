package dev.tft.transfer.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

class DeviceIdentityTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:34:56.789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A P-256 SubjectPublicKeyInfo made once with openssl; the expected ids come from Python. */
    private static final String GOLDEN_SPKI =
            "3059301306072a8648ce3d020106082a8648ce3d03010703420004793e74e3608e81b63391b8f730ac2a"
                    + "945e8d5693eb05ea64d8903eb769a221476f87cc8768710a716036ac954034606f0d382677"
                    + "dee7835f94b6d0dbfba6198b";

    // python3: base64.b32encode(sha256(spki)).lower()[:26] and sha256(spki).hex()
    private static final String GOLDEN_PEER_ID = "rxslbytltvsdoou3g43zv3n6c7";
    private static final String GOLDEN_FINGERPRINT =
            "8de4b0e26b9d64373a9b37379aedbe17e8c2f7342ad2be59f5c0e39c1f6b173c";

    private static DeviceIdentity alice;
    private static DeviceIdentity bob;

    @BeforeAll
    static void makeIdentities() {
        alice = DeviceIdentity.generate("alice-laptop", CLOCK);
        bob = DeviceIdentity.generate("bob-desktop", CLOCK);
    }

    @AfterAll
    static void forget() {
        alice = null;
        bob = null;
    }

    @Test
    void peerIdIs26LowercaseBase32Characters() {
        assertEquals(DeviceIdentity.PEER_ID_LENGTH, alice.peerId().length());
        assertTrue(alice.peerId().matches("[a-z2-7]{26}"), alice.peerId());
        assertTrue(alice.fingerprint().matches("[0-9a-f]{64}"), alice.fingerprint());
        assertTrue(alice.certificateSha256Hex().matches("[0-9a-f]{64}"));
    }

    @Test
    void peerIdIsStableForTheSameKey() throws Exception {
        PublicKey key = alice.certificate().getPublicKey();
        PublicKey decoded =
                KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        assertEquals(alice.peerId(), DeviceIdentity.peerIdOf(key));
        assertEquals(alice.peerId(), DeviceIdentity.peerIdOf(decoded));
        assertEquals(alice.fingerprint(), DeviceIdentity.fingerprintOf(decoded));
        // A re-issued certificate around the same key keeps the peer id, not the cert hash.
        KeyPair samePair = new KeyPair(key, alice.privateKey());
        DeviceIdentity reissued =
                new DeviceIdentity(
                        alice.privateKey(),
                        SelfSignedCertificate.create(samePair, "renamed", Clock.systemUTC()));
        assertEquals(alice.peerId(), reissued.peerId());
        assertEquals(alice.fingerprint(), reissued.fingerprint());
        assertNotEquals(alice.certificateSha256Hex(), reissued.certificateSha256Hex());
    }

    @Test
    void differentKeysHaveDifferentIds() {
        assertNotEquals(alice.peerId(), bob.peerId());
        assertNotEquals(alice.fingerprint(), bob.fingerprint());
        assertNotEquals(alice.certificateSha256Hex(), bob.certificateSha256Hex());
    }

    @Test
    void goldenPeerIdAndFingerprint() throws Exception {
        byte[] spki = HexFormat.of().parseHex(GOLDEN_SPKI);
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        assertArrayEquals(spki, key.getEncoded(), "the JDK re-encodes the SPKI byte for byte");
        assertEquals(GOLDEN_PEER_ID, DeviceIdentity.peerIdOf(key));
        assertEquals(GOLDEN_FINGERPRINT, DeviceIdentity.fingerprintOf(key));
        assertEquals(GOLDEN_PEER_ID, DeviceIdentity.base32(sha256(spki)).substring(0, 26));
    }

    @Test
    void base32MatchesRfc4648Vectors() {
        // RFC 4648 §10, lowercased and without padding.
        String[][] vectors = {
            {"", ""},
            {"f", "my"},
            {"fo", "mzxq"},
            {"foo", "mzxw6"},
            {"foob", "mzxw6yq"},
            {"fooba", "mzxw6ytb"},
            {"foobar", "mzxw6ytboi"},
        };
        for (String[] v : vectors) {
            assertEquals(v[1], DeviceIdentity.base32(v[0].getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        assertEquals("7".repeat(51) + "q", DeviceIdentity.base32(ones));
    }

    @Test
    void certificateHashIsSha256OfTheDer() throws Exception {
        assertEquals(
                HexFormat.of().formatHex(sha256(alice.certificate().getEncoded())),
                alice.certificateSha256Hex());
    }

    @Test
    void certificateIsAValidSelfSignedV3Certificate() throws Exception {
        X509Certificate cert = alice.certificate();
        X509Certificate reparsed =
                (X509Certificate)
                        CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
        reparsed.verify(reparsed.getPublicKey());
        assertEquals(3, reparsed.getVersion());
        assertEquals("1.2.840.10045.4.3.2", reparsed.getSigAlgOID());
        assertNull(reparsed.getSigAlgParams(), "ecdsa-with-SHA256 has no parameters");
        X500Principal name = new X500Principal("CN=alice-laptop");
        assertEquals(name, reparsed.getSubjectX500Principal());
        assertEquals(name, reparsed.getIssuerX500Principal());
        assertTrue(reparsed.getSerialNumber().signum() > 0);
        assertTrue(reparsed.getSerialNumber().bitLength() <= 127);
        assertNotEquals(reparsed.getSerialNumber(), bob.certificate().getSerialNumber());

        assertEquals(
                NOW.minus(Duration.ofDays(1)).getEpochSecond() * 1000,
                cert.getNotBefore().getTime());
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), cert.getNotAfter().toInstant());
        assertEquals(9999, cert.getNotAfter().toInstant().atZone(ZoneOffset.UTC).getYear());
        byte[] der = cert.getEncoded();
        assertTrue(
                indexOf(der, concat(new byte[] {0x17, 13}, ascii("240430123456Z"))) > 0, "UTCTime");
        assertTrue(
                indexOf(der, concat(new byte[] {0x18, 15}, ascii("99991231235959Z"))) > 0,
                "GeneralizedTime");

        assertEquals(-1, cert.getBasicConstraints(), "CA:false");
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.37"), cert.getNonCriticalExtensionOIDs());
        boolean[] keyUsage = cert.getKeyUsage();
        assertTrue(keyUsage[0], "digitalSignature");
        for (int i = 1; i < keyUsage.length; i++) {
            assertFalse(keyUsage[i], "key usage bit " + i);
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
        // No SubjectAltName, no key ids: peers pin keys, nobody builds paths.
        assertNull(cert.getSubjectAlternativeNames());
        cert.checkValidity(Date.from(NOW));
    }

    @Test
    void certificateUsesGeneralizedTimeFrom2050() throws Exception {
        Clock later = Clock.fixed(Instant.parse("2070-06-01T00:00:00Z"), ZoneOffset.UTC);
        X509Certificate cert = DeviceIdentity.generate("x", later).certificate();
        assertEquals(Instant.parse("2070-05-31T00:00:00Z"), cert.getNotBefore().toInstant());
        assertTrue(
                indexOf(cert.getEncoded(), concat(new byte[] {0x18, 15}, ascii("20700531"))) > 0);
    }

    @Test
    void commonNameIsUtf8AndChecked() {
        X509Certificate cert = DeviceIdentity.generate("Zoë’s 日本 laptop", CLOCK).certificate();
        assertEquals(new X500Principal("CN=Zoë’s 日本 laptop"), cert.getSubjectX500Principal());
        for (String bad : new String[] {"", "a\nb", "x".repeat(65), "a\uD800b", "tab\t"}) {
            assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.generate(bad, CLOCK));
        }
        X509Certificate longest = DeviceIdentity.generate("x".repeat(64), CLOCK).certificate();
        assertEquals(new X500Principal("CN=" + "x".repeat(64)), longest.getSubjectX500Principal());
    }

    @Test
    void mismatchedKeyAndCertificateAreRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new DeviceIdentity(bob.privateKey(), alice.certificate()));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void nonP256KeysAreRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        X509Certificate cert = SelfSignedCertificate.create(p384, "p384", CLOCK);
        cert.verify(p384.getPublic());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new DeviceIdentity(p384.getPrivate(), cert));
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
        // A P-384 private key against a P-256 certificate is simply "not its key".
        assertThrows(
                IllegalArgumentException.class,
                () -> new DeviceIdentity(p384.getPrivate(), alice.certificate()));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        String s = alice.toString();
        assertTrue(s.contains(alice.peerId()), s);
        byte[] pkcs8 = alice.privateKey().getEncoded();
        BigInteger secret = ((ECPrivateKey) alice.privateKey()).getS();
        assertFalse(s.contains(Base64.getEncoder().encodeToString(pkcs8)));
        assertFalse(s.contains(HexFormat.of().formatHex(secret.toByteArray())));
        assertFalse(s.contains(secret.toString()));
        assertFalse(s.contains(secret.toString(16)));
        assertFalse(s.toLowerCase(Locale.ROOT).contains("private"), s);
    }

    @Test
    void formatGroupsHexInFours() {
        assertEquals("", DeviceIdentity.format(""));
        assertEquals("abcd", DeviceIdentity.format("abcd"));
        assertEquals("abcd 1234 ef", DeviceIdentity.format("abcd1234ef"));
        String formatted = DeviceIdentity.format(alice.fingerprint());
        assertEquals(16 * 4 + 15, formatted.length());
        assertTrue(formatted.matches("([0-9a-f]{4} ){15}[0-9a-f]{4}"), formatted);
        assertEquals(alice.fingerprint(), formatted.replace(" ", ""));
        assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.format("abcg"));
        assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.format("ab cd"));
        assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.format("١٢٣٤"));
    }

    @Test
    void derLengthsAndOids() {
        assertArrayEquals(bytes(0x7F), Der.length(127));
        assertArrayEquals(bytes(0x81, 0x80), Der.length(128));
        assertArrayEquals(bytes(0x81, 0xFF), Der.length(255));
        assertArrayEquals(bytes(0x82, 0x01, 0x00), Der.length(256));
        assertArrayEquals(bytes(0x82, 0xFF, 0xFF), Der.length(65535));
        assertArrayEquals(bytes(0x83, 0x01, 0x00, 0x00), Der.length(65536));
        byte[] big = Der.octetString(new byte[300]);
        assertArrayEquals(bytes(0x04, 0x82, 0x01, 0x2C), Arrays.copyOf(big, 4));
        assertEquals(304, big.length);
        assertArrayEquals(
                HexFormat.of().parseHex("06082a8648ce3d040302"), Der.oid("1.2.840.10045.4.3.2"));
        assertArrayEquals(HexFormat.of().parseHex("0603551d13"), Der.oid("2.5.29.19"));
        assertArrayEquals(HexFormat.of().parseHex("0603883703"), Der.oid("2.999.3"));
        assertArrayEquals(HexFormat.of().parseHex("020100"), Der.integer(BigInteger.ZERO));
        assertArrayEquals(
                HexFormat.of().parseHex("02020080"), Der.integer(BigInteger.valueOf(128)));
        assertArrayEquals(HexFormat.of().parseHex("0101ff"), Der.bool(true));
        assertArrayEquals(HexFormat.of().parseHex("03020780"), Der.bitString(bytes(0x80), 7));
        assertArrayEquals(
                HexFormat.of().parseHex("a003020102"),
                Der.explicit(0, Der.integer(BigInteger.TWO)));
        for (String bad : new String[] {"1", "3.1", "1.40", "1..2", "1.2.-3", "1.02"}) {
            assertThrows(IllegalArgumentException.class, () -> Der.oid(bad), bad);
        }
    }

    /**
     * Both identities in a real JSSE TLS 1.3 handshake with mutual authentication: each side
     * presents its certificate and sees the other's, whose key gives the other's peer id.
     */
    @Test
    void mutualTls13HandshakeSeesEachOthersPeerId() throws Exception {
        SSLContext serverContext = context(alice);
        SSLContext clientContext = context(bob);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener =
                (SSLServerSocket)
                        serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            Future<SSLSession> serverSide =
                    pool.submit(
                            () -> {
                                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                                    socket.setSoTimeout(10_000);
                                    socket.startHandshake();
                                    // In TLS 1.3 the client finishes first; a round trip proves
                                    // the server accepted the client's certificate too.
                                    int b = socket.getInputStream().read();
                                    socket.getOutputStream().write(b + 1);
                                    socket.getOutputStream().flush();
                                    return socket.getSession();
                                }
                            });
            SSLSession clientSession;
            try (SSLSocket socket =
                    (SSLSocket)
                            clientContext
                                    .getSocketFactory()
                                    .createSocket(loopback, listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.startHandshake();
                socket.getOutputStream().write(41);
                socket.getOutputStream().flush();
                assertEquals(42, socket.getInputStream().read());
                clientSession = socket.getSession();
            }
            SSLSession serverSession = serverSide.get(20, TimeUnit.SECONDS);

            assertEquals("TLSv1.3", clientSession.getProtocol());
            assertEquals("TLSv1.3", serverSession.getProtocol());
            X509Certificate seenByClient = onlyPeerCertificate(clientSession);
            X509Certificate seenByServer = onlyPeerCertificate(serverSession);
            assertEquals(alice.certificate(), seenByClient);
            assertEquals(bob.certificate(), seenByServer);
            assertEquals(alice.peerId(), DeviceIdentity.peerIdOf(seenByClient.getPublicKey()));
            assertEquals(bob.peerId(), DeviceIdentity.peerIdOf(seenByServer.getPublicKey()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static X509Certificate onlyPeerCertificate(SSLSession session) throws Exception {
        Certificate[] chain = session.getPeerCertificates();
        assertEquals(1, chain.length);
        return (X509Certificate) chain[0];
    }

    /** The production contexts: the handshake test checks DeviceIdentity against what tft runs. */
    private static SSLContext context(DeviceIdentity identity) {
        return TlsContexts.create(identity.privateKey(), identity.certificate());
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
