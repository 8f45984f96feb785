package dev.tft.transfer.tls;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * This device's long-term TLS identity: an ECDSA P-256 private key and the self-signed certificate
 * that carries its public key. Peers recognise a device by its public key, never by the certificate
 * (which can be re-issued around the same key), so the ids derived here all hash the DER
 * SubjectPublicKeyInfo ({@code PublicKey.getEncoded()}):
 *
 * <ul>
 *   <li>{@link #peerId()}: the first 26 characters of lowercase unpadded RFC 4648 base32 of
 *       SHA-256(SPKI), i.e. 130 bits: short enough to show and to type, long enough that nobody can
 *       grind a key to collide with a given device;
 *   <li>{@link #fingerprint()}: all 64 lowercase hex digits of SHA-256(SPKI), for out-of-band
 *       comparison.
 * </ul>
 *
 * {@link #certificateSha256Hex()} is the odd one out: SHA-256 of the whole certificate, which is
 * what LocalSend calls a "fingerprint"; it changes if the certificate is re-issued.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows the private key.
 */
public final class DeviceIdentity {
    /** Length of a {@link #peerId()}: 26 base32 characters = 130 bits. */
    public static final int PEER_ID_LENGTH = 26;

    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] PROBE =
            "tft: does this private key belong to this certificate?"
                    .getBytes(StandardCharsets.US_ASCII);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final String peerId;
    private final String fingerprint;
    private final String certificateSha256Hex;

    /**
     * Pairs a private key with its certificate.
     *
     * @throws IllegalArgumentException if the certificate's key is not EC P-256, or {@code
     *     privateKey} is not its private half (checked by signing and verifying a probe)
     */
    public DeviceIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        PublicKey publicKey = certificate.getPublicKey();
        if (!isP256(publicKey)) {
            throw new IllegalArgumentException("the certificate's key is not an EC P-256 key");
        }
        if (!matches(privateKey, publicKey)) {
            // Say nothing about the key itself: this message may end up in a log.
            throw new IllegalArgumentException(
                    "the private key does not belong to the certificate's public key");
        }
        this.peerId = peerIdOf(publicKey);
        this.fingerprint = fingerprintOf(publicKey);
        try {
            this.certificateSha256Hex = HexFormat.of().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }

    /**
     * Makes a fresh identity: a new P-256 key pair from the default {@code SecureRandom} and a
     * certificate for it (see {@link SelfSignedCertificate}) valid from a day before {@code
     * clock.instant()}.
     *
     * @param commonName the certificate's CN, 1–64 characters (typically the device name; it is
     *     informative only, nobody trusts it)
     * @throws IllegalArgumentException if {@code commonName} is invalid
     * @throws IllegalStateException if the JDK has no EC support (a broken platform)
     */
    public static DeviceIdentity generate(String commonName, Clock clock) {
        SelfSignedCertificate.checkCommonName(commonName);
        Objects.requireNonNull(clock, "clock");
        KeyPair keyPair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + CURVE + " keys", e);
        }
        return new DeviceIdentity(
                keyPair.getPrivate(), SelfSignedCertificate.create(keyPair, commonName, clock));
    }

    /**
     * The peer id of {@code key}: the first {@value #PEER_ID_LENGTH} characters of lowercase,
     * unpadded base32 ({@code a-z2-7}) of SHA-256 over {@code key.getEncoded()}.
     */
    public static String peerIdOf(PublicKey key) {
        return base32(sha256(spki(key))).substring(0, PEER_ID_LENGTH);
    }

    /** The fingerprint of {@code key}: 64 lowercase hex digits of SHA-256 over its SPKI. */
    public static String fingerprintOf(PublicKey key) {
        return HexFormat.of().formatHex(sha256(spki(key)));
    }

    /**
     * A hex fingerprint for people: blocks of four digits separated by single spaces ({@code "3f2a
     * 9c01 …"}); the last block is shorter if the length is not a multiple of four. Case is kept.
     *
     * @throws IllegalArgumentException if {@code hexFingerprint} holds anything but hex digits
     */
    public static String format(String hexFingerprint) {
        Objects.requireNonNull(hexFingerprint, "hexFingerprint");
        StringBuilder b = new StringBuilder(hexFingerprint.length() * 5 / 4);
        for (int i = 0; i < hexFingerprint.length(); i++) {
            char c = hexFingerprint.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new IllegalArgumentException("not a hex fingerprint");
            }
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The private key; never logged, never shown. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The self-signed certificate carrying the public key. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** {@link #peerIdOf} of this device's public key. */
    public String peerId() {
        return peerId;
    }

    /** {@link #fingerprintOf} of this device's public key. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Lowercase hex SHA-256 of the certificate's DER encoding (LocalSend's "fingerprint"). */
    public String certificateSha256Hex() {
        return certificateSha256Hex;
    }

    /** Peer id and fingerprint; never the private key. */
    @Override
    public String toString() {
        return "DeviceIdentity[peerId=" + peerId + ", fingerprint=" + fingerprint + "]";
    }

    /** Lowercase RFC 4648 base32 without padding. */
    static String base32(byte[] data) {
        StringBuilder b = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte d : data) {
            buffer = buffer << 8 | d & 0xFF; // high bits fall off the int; only `bits` are kept
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                b.append(BASE32[buffer >>> bits & 0x1F]);
            }
        }
        if (bits > 0) {
            b.append(BASE32[buffer << (5 - bits) & 0x1F]);
        }
        return b.toString();
    }

    private static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return false;
        }
        ECParameterSpec p = ((ECPublicKey) key).getParams();
        ECParameterSpec want = P256Holder.SPEC;
        // ECParameterSpec has no equals(); EllipticCurve and ECPoint do.
        return p != null
                && p.getCurve().equals(want.getCurve())
                && p.getGenerator().equals(want.getGenerator())
                && p.getOrder().equals(want.getOrder())
                && p.getCofactor() == want.getCofactor();
    }

    private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // Wrong key type, or a key from another curve: either way not a match.
            return false;
        }
    }

    private static byte[] spki(PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] spki = key.getEncoded();
        if (spki == null) {
            throw new IllegalArgumentException("the key has no encoded form");
        }
        return spki;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The P-256 domain parameters, looked up once, on first use. */
    private static final class P256Holder {
        static final ECParameterSpec SPEC;

        static {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(CURVE));
                SPEC = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
