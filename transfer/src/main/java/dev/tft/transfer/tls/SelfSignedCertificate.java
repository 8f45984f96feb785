package dev.tft.transfer.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds the self-signed X.509 v3 certificate that carries a device's public key through a TLS
 * handshake. Nobody validates it against a CA: peers pin the key (see {@link DeviceIdentity}), so
 * the certificate is only an envelope that JSSE insists on, and we fill it in the most boring way
 * that strict parsers accept:
 *
 * <ul>
 *   <li>version 3, a random positive 127-bit serial, signature {@code ecdsa-with-SHA256} (no
 *       parameters);
 *   <li>issuer = subject = {@code CN=<common name>} as a UTF8String;
 *   <li>notBefore = now − 1 day (tolerates peers whose clock is behind), notAfter = {@code
 *       99991231235959Z}, RFC 5280's "no well-defined expiration date": a device key does not
 *       expire, it is replaced;
 *   <li>extensions: basicConstraints {@code CA:false} (critical), keyUsage {@code digitalSignature}
 *       (critical), extendedKeyUsage {@code serverAuth, clientAuth} (every device is both).
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class SelfSignedCertificate {
    /** RFC 5280 §4.1.2.5: "no well-defined expiration date". */
    static final Instant NO_EXPIRATION = Instant.parse("9999-12-31T23:59:59Z");

    /** X.520 ub-common-name. */
    static final int MAX_COMMON_NAME = 64;

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificate() {}

    /**
     * Makes and signs a certificate for {@code keyPair}, valid from {@code clock.instant()} minus
     * one day, and checks it: the result has been parsed back by the JDK's X.509 {@code
     * CertificateFactory} and verified against {@code keyPair.getPublic()}.
     *
     * @param keyPair an EC key pair (any named curve; {@link DeviceIdentity} insists on P-256)
     * @param commonName 1–64 characters, no control characters or unpaired surrogates
     * @throws IllegalArgumentException if the key pair is not EC or the common name is invalid
     * @throws IllegalStateException if the JDK cannot sign, parse or verify (a broken platform)
     */
    public static X509Certificate create(KeyPair keyPair, String commonName, Clock clock) {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(clock, "clock");
        checkCommonName(commonName);
        if (!(keyPair.getPublic() instanceof ECPublicKey)
                || !(keyPair.getPrivate() instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("not an EC key pair");
        }
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = name(commonName);
        byte[] tbs =
                Der.sequence(
                        Der.explicit(0, Der.integer(BigInteger.TWO)), // v3 is encoded as 2
                        Der.integer(serial()),
                        algorithm,
                        name,
                        Der.sequence(
                                time(clock.instant().minus(Duration.ofDays(1))),
                                Der.generalizedTime(NO_EXPIRATION)),
                        name,
                        Der.raw(keyPair.getPublic().getEncoded()),
                        Der.explicit(3, extensions()));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(tbs);
            // JCA ECDSA signatures already are the DER ECDSA-Sig-Value that X.509 expects.
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(keyPair.getPublic());
            return cert;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    /**
     * Checks a common name: 1–64 characters (X.520's upper bound), no ISO control characters, no
     * unpaired surrogates.
     *
     * @throws IllegalArgumentException if it is not one
     */
    static void checkCommonName(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        int length = commonName.codePointCount(0, commonName.length());
        if (length < 1 || length > MAX_COMMON_NAME) {
            throw new IllegalArgumentException(
                    "common name must be 1-" + MAX_COMMON_NAME + " characters, got " + length);
        }
        if (commonName.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("common name contains a control character");
        }
        // An unpaired surrogate would silently become '?' in UTF-8.
        if (commonName.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
            throw new IllegalArgumentException("common name contains an unpaired surrogate");
        }
    }

    /** Name ::= SEQUENCE OF SET OF { OID, value }: a single RDN with a single CN attribute. */
    private static byte[] name(String commonName) {
        return Der.sequence(
                Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
    private static byte[] time(Instant instant) {
        return instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"))
                        && !instant.isBefore(Instant.parse("1950-01-01T00:00:00Z"))
                ? Der.utcTime(instant)
                : Der.generalizedTime(instant);
    }

    private static byte[] extensions() {
        return Der.sequence(
                // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... }: DER omits
                // defaults, so CA:false is the empty SEQUENCE.
                extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                // digitalSignature is bit 0: 0b1000_0000 with the 7 trailing zero bits unused.
                extension(KEY_USAGE, true, Der.bitString(new byte[] {(byte) 0x80}, 7)),
                extension(
                        EXT_KEY_USAGE,
                        false,
                        Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))));
    }

    /**
     * Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
     */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** A random positive serial of at most 127 bits: under RFC 5280's 20 octets, never zero. */
    private static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(127, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }
}
