package dev.tft.transfer.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A minimal DER (X.690) writer: just the types a self-signed X.509 certificate needs. Every method
 * returns one complete TLV; constructed types take already-encoded TLVs and concatenate them. No
 * parser: the JDK's {@code CertificateFactory} reads what we write, which is how it is checked.
 */
final class Der {
    private static final int BOOLEAN = 0x01;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int UTF8_STRING = 0x0C;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int CONTEXT_CONSTRUCTED = 0xA0;

    private static final DateTimeFormatter UTC_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Der() {}

    /** SEQUENCE of the given encoded elements, in order. */
    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    /**
     * SET of the given encoded elements, in the order given. DER wants SET OF sorted by encoding;
     * callers here only ever pass one element (a relative distinguished name with one attribute).
     */
    static byte[] set(byte[]... elements) {
        return tlv(SET, concat(elements));
    }

    /** INTEGER: minimal two's complement, which is exactly {@link BigInteger#toByteArray()}. */
    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    /** BOOLEAN: DER says TRUE is {@code 0xFF}. */
    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xFF : 0x00});
    }

    /**
     * OBJECT IDENTIFIER from dotted decimal ({@code "1.2.840.10045.4.3.2"}); arcs are base-128 with
     * the continuation bit, the first two folded into {@code 40 * a + b}.
     *
     * @throws IllegalArgumentException if {@code dotted} is not a valid OID
     */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
        }
        BigInteger[] arcs = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("0|[1-9][0-9]*")) {
                throw new IllegalArgumentException("bad OID arc in " + dotted);
            }
            arcs[i] = new BigInteger(parts[i]);
        }
        int first = arcs[0].intValueExact();
        if (first > 2 || first < 2 && arcs[1].compareTo(BigInteger.valueOf(39)) > 0) {
            throw new IllegalArgumentException("bad OID first arcs in " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(arcs[1].add(BigInteger.valueOf(40L * first)), out);
        for (int i = 2; i < arcs.length; i++) {
            base128(arcs[i], out);
        }
        return tlv(OID, out.toByteArray());
    }

    /** UTF8String. */
    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * UTCTime {@code YYMMDDHHMMSSZ}, truncated to the second.
     *
     * @throws IllegalArgumentException outside 1950–2049, the only years UTCTime can express (RFC
     *     5280 §4.1.2.5.1)
     */
    static byte[] utcTime(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        if (year < 1950 || year > 2049) {
            throw new IllegalArgumentException("UTCTime cannot hold the year " + year);
        }
        return tlv(
                UTC_TIME, ascii(UTC_TIME_FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS))));
    }

    /**
     * GeneralizedTime {@code YYYYMMDDHHMMSSZ}, truncated to the second (no fractions, as RFC 5280
     * §4.1.2.5.2 requires).
     *
     * @throws IllegalArgumentException outside years 0000–9999
     */
    static byte[] generalizedTime(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            throw new IllegalArgumentException(
                    "GeneralizedTime cannot hold the year " + utc.getYear());
        }
        return tlv(
                GENERALIZED_TIME,
                ascii(GENERALIZED_TIME_FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS))));
    }

    /** BIT STRING of whole bytes (no unused bits): how signatures and public keys are wrapped. */
    static byte[] bitString(byte[] bytes) {
        return bitString(bytes, 0);
    }

    /**
     * BIT STRING whose last {@code unusedBits} (0–7) bits are padding. For a DER named bit list
     * (keyUsage) the caller trims trailing zero bits and says how many of the last byte are unused.
     */
    static byte[] bitString(byte[] bytes, int unusedBits) {
        if (unusedBits < 0 || unusedBits > 7 || bytes.length == 0 && unusedBits != 0) {
            throw new IllegalArgumentException("bad unused bit count " + unusedBits);
        }
        byte[] content = new byte[bytes.length + 1];
        content[0] = (byte) unusedBits;
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        return tlv(BIT_STRING, content);
    }

    /** OCTET STRING. */
    static byte[] octetString(byte[] bytes) {
        return tlv(OCTET_STRING, bytes);
    }

    /**
     * {@code [tag] EXPLICIT}: a constructed context-specific wrapper around one encoded element.
     */
    static byte[] explicit(int tag, byte[] encoded) {
        if (tag < 0 || tag > 30) {
            throw new IllegalArgumentException("context tag out of the low-tag range: " + tag);
        }
        return tlv(CONTEXT_CONSTRUCTED | tag, encoded);
    }

    /**
     * An already-encoded TLV passed through unchanged, e.g. {@code PublicKey.getEncoded()} (a
     * complete SubjectPublicKeyInfo). Exists so call sites read as a list of DER elements.
     */
    static byte[] raw(byte[] encoded) {
        return encoded.clone();
    }

    /** One TLV with a single-byte tag and a definite length (short form below 128, else long). */
    static byte[] tlv(int tag, byte[] content) {
        Objects.requireNonNull(content, "content");
        if (tag < 0 || tag > 0xFF || (tag & 0x1F) == 0x1F) {
            throw new IllegalArgumentException("not a single-byte tag: " + tag);
        }
        byte[] length = length(content.length);
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }

    /**
     * Definite length octets: short form up to 127, else {@code 0x80 | n} and n big-endian bytes.
     */
    static byte[] length(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int n = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] out = new byte[1 + n];
        out[0] = (byte) (0x80 | n);
        for (int i = 0; i < n; i++) {
            out[n - i] = (byte) (length >>> (8 * i));
        }
        return out;
    }

    private static void base128(BigInteger arc, ByteArrayOutputStream out) {
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int septet = arc.shiftRight(7 * i).intValue() & 0x7F;
            out.write(i == 0 ? septet : septet | 0x80);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
