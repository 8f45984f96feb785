package dev.tft.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes ⇄ records for the transfer protocol; never touches a socket. All integers are big-endian
 * and unsigned unless noted. Stateless and thread-safe. Decoders validate every field in wire
 * order, bound every length before allocating, and throw {@link ProtocolException} whose {@code
 * wireCode} is the answer to give. Specification: {@code PROTOCOL.md part A} (these diagrams are
 * copied from it).
 *
 * <pre>
 * Connection  = SessionHeader (256 B) , { Frame }          native, version 1
 *             | LegacyHeader (1024 B) , payload             the seed's form, first byte != 0x89
 *
 * SessionHeader (256 bytes)
 *  0      8  magic 89 54 46 54 0D 0A 1A 0A      frozen for all versions
 *  8      2  version = 1                        frozen for all versions
 * 10      2  flags = 0
 * 12      1  peerIdLen (1..64)
 * 13      1  displayNameLen (0..128)
 * 14      2  reserved = 0
 * 16     64  peerId  [A-Za-z0-9._:-], zero padded
 * 80    128  displayName UTF-8, zero padded
 * 208    48  reserved = 0
 *
 * Frame = type u8 | bodyLen u32 (0..8192) | body        envelope frozen for all versions
 *  OFFER    0x01  kind u8 (1 file, 2 dir) | flags u8 (bit0 EAGER) | checksumAlg u8 | reserved u8 = 0
 *                 | size u64 (0..2^63-1) | mtime i64 (ms since epoch) | resumeId 16 B | pathLen u16 | path
 *  CHECKSUM 0x02  alg u8 | digest (4 B CRC32C, 32 B SHA-256)
 *  END      0x03  (empty)
 *  SUMMARY  0x04  files u32 | bytes u64 | count u8 (0..3) | count × (len u8 | name UTF-8)
 *  PAIR     0x05  step u8 (1 COMMIT, 2 NONCE, 3 REVEAL: 32 B each; 4 CONFIRM: 1 B, 0 or 1)
 *  HELLO    0x10  version u16 | idLen u8 | nameLen u8 | peerId | displayName
 *  ACCEPT   0x11  offset u64
 *  REJECT   0x12  code u16 | msgLen u16 (0..200) | message UTF-8     frozen for all versions
 *  STORED   0x13  pathLen u16 (1..4096) | storedPath UTF-8
 *  FAILED   0x14  code u16 | msgLen u16 (0..200) | message UTF-8
 *  PENDING  0x15  timeoutSeconds u32 (1..2^32-1)                      only before HELLO
 * </pre>
 */
public final class WireCodec {
    private WireCodec() {}

    /** What the first bytes of a connection are. */
    public enum HeaderKind {
        /** A TLS handshake record (first byte 0x16): a native session inside TLS 1.3. */
        TLS,
        NATIVE,
        LEGACY,
        GARBAGE,
        UNSUPPORTED_VERSION
    }

    /**
     * Classifies a connection by its first bytes (position of {@code buf} untouched). Needs 1 byte
     * to tell TLS and legacy apart and {@link Protocol#PREAMBLE_SIZE} bytes for everything else;
     * returns null if more bytes are needed. Neither 0x16 (a control character) nor 0x89 (a UTF-8
     * continuation byte) can start a valid legacy name, so one byte decides the form.
     */
    public static HeaderKind classify(ByteBuffer buf) {
        int p = buf.position();
        if (buf.remaining() < 1) {
            return null;
        }
        if ((buf.get(p) & 0xff) == Protocol.TLS_HANDSHAKE_RECORD) {
            return HeaderKind.TLS;
        }
        if (buf.get(p) != Protocol.MAGIC[0]) {
            return HeaderKind.LEGACY;
        }
        if (buf.remaining() < Protocol.PREAMBLE_SIZE) {
            return null;
        }
        for (int i = 1; i < Protocol.MAGIC.length; i++) {
            if (buf.get(p + i) != Protocol.MAGIC[i]) {
                return HeaderKind.GARBAGE;
            }
        }
        int version = Short.toUnsignedInt(buf.getShort(p + 8));
        if (version == Protocol.VERSION) {
            return HeaderKind.NATIVE;
        }
        return version == 0 ? HeaderKind.GARBAGE : HeaderKind.UNSUPPORTED_VERSION;
    }

    /** Writes the 256-byte session header. */
    public static void encodeSessionHeader(SessionHeader h, ByteBuffer out) {
        byte[] id = h.peerId().getBytes(StandardCharsets.US_ASCII);
        byte[] name = h.displayName().getBytes(StandardCharsets.UTF_8);
        int start = out.position();
        out.put(Protocol.MAGIC).putShort((short) h.version()).putShort((short) 0);
        out.put((byte) id.length).put((byte) name.length).putShort((short) 0);
        out.put(id).put(new byte[Protocol.MAX_PEER_ID - id.length]);
        out.put(name).put(new byte[Protocol.MAX_DISPLAY_NAME - name.length]);
        out.put(new byte[Protocol.SESSION_HEADER_SIZE - (out.position() - start)]);
    }

    /** Reads the 256-byte session header; consumes it. */
    public static SessionHeader decodeSessionHeader(ByteBuffer in) throws ProtocolException {
        if (in.remaining() < Protocol.SESSION_HEADER_SIZE) {
            throw new ProtocolException(
                    Protocol.E_BAD_HEADER, "session header shorter than 256 bytes");
        }
        HeaderKind kind = classify(in);
        if (kind == HeaderKind.UNSUPPORTED_VERSION) {
            int v = Short.toUnsignedInt(in.getShort(in.position() + 8));
            throw new ProtocolException(
                    Protocol.E_UNSUPPORTED_VERSION,
                    "version " + v + " not supported, this receiver speaks " + Protocol.VERSION);
        }
        if (kind != HeaderKind.NATIVE) {
            throw new ProtocolException(Protocol.E_BAD_HEADER, "bad magic");
        }
        ByteBuffer h = in.slice(in.position(), Protocol.SESSION_HEADER_SIZE);
        in.position(in.position() + Protocol.SESSION_HEADER_SIZE);
        int flags = Short.toUnsignedInt(h.getShort(10));
        int idLen = Byte.toUnsignedInt(h.get(12));
        int nameLen = Byte.toUnsignedInt(h.get(13));
        badHeaderIf(flags != 0, "flags " + flags + " not zero");
        badHeaderIf(
                idLen < 1 || idLen > Protocol.MAX_PEER_ID, "peerIdLen " + idLen + " out of range");
        badHeaderIf(
                nameLen > Protocol.MAX_DISPLAY_NAME, "displayNameLen " + nameLen + " out of range");
        badHeaderIf(h.getShort(14) != 0, "reserved bytes 14..15 not zero");
        badHeaderIf(!zero(h, 16 + idLen, 80), "peerId padding not zero");
        badHeaderIf(
                !zero(h, 80 + nameLen, Protocol.SESSION_HEADER_SIZE),
                "displayName padding not zero");
        String id = utf8(h.slice(16, idLen), Protocol.E_BAD_HEADER, "peerId");
        String name = utf8(h.slice(80, nameLen), Protocol.E_BAD_HEADER, "displayName");
        try {
            return new SessionHeader(Protocol.VERSION, id, name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Protocol.E_BAD_HEADER, e.getMessage());
        }
    }

    /**
     * Parses the 1024-byte legacy header (consumes it): trailing NUL/space bytes are padding, the
     * text before them must be strict UTF-8 {@code NAME|SIZE} with SIZE 1..19 ASCII digits and no
     * NUL anywhere.
     */
    public static LegacyHeader decodeLegacyHeader(ByteBuffer in) throws ProtocolException {
        if (in.remaining() < Protocol.LEGACY_HEADER_SIZE) {
            throw new ProtocolException(
                    Protocol.E_BAD_HEADER, "legacy header shorter than 1024 bytes");
        }
        ByteBuffer h = in.slice(in.position(), Protocol.LEGACY_HEADER_SIZE);
        in.position(in.position() + Protocol.LEGACY_HEADER_SIZE);
        int end = Protocol.LEGACY_HEADER_SIZE;
        while (end > 0 && (h.get(end - 1) == 0 || h.get(end - 1) == ' ')) {
            end--;
        }
        String text = utf8(h.slice(0, end), Protocol.E_BAD_HEADER, "legacy header");
        badHeaderIf(text.indexOf('\0') >= 0, "legacy header has NUL before its end");
        int bar = text.lastIndexOf('|');
        badHeaderIf(bar < 0, "legacy header has no '|'");
        String digits = text.substring(bar + 1);
        badHeaderIf(
                digits.isEmpty()
                        || digits.length() > 19
                        || !digits.chars().allMatch(c -> c >= '0' && c <= '9'),
                "legacy size is not 1..19 digits");
        long size;
        try {
            size = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ProtocolException(Protocol.E_TOO_LARGE, "legacy size above 2^63-1");
        }
        return new LegacyHeader(text.substring(0, bar), size);
    }

    /**
     * Writes a legacy header {@code NAME|SIZE} padded with spaces; throws if it does not fit 1024
     * bytes.
     */
    public static void encodeLegacyHeader(LegacyHeader h, ByteBuffer out) {
        byte[] text = (h.name() + "|" + h.size()).getBytes(StandardCharsets.UTF_8);
        if (text.length > Protocol.LEGACY_HEADER_SIZE) {
            throw new IllegalArgumentException("legacy header longer than 1024 bytes");
        }
        out.put(text);
        for (int i = text.length; i < Protocol.LEGACY_HEADER_SIZE; i++) {
            out.put((byte) ' ');
        }
    }

    /**
     * Validates the frame envelope at the buffer's position (without consuming it) and returns the
     * whole frame's size, or -1 if fewer than {@link Protocol#FRAME_HEADER_SIZE} bytes are
     * buffered.
     */
    public static int frameSize(ByteBuffer in) throws ProtocolException {
        if (in.remaining() < Protocol.FRAME_HEADER_SIZE) {
            return -1;
        }
        long len = Integer.toUnsignedLong(in.getInt(in.position() + 1));
        if (len > Protocol.MAX_FRAME_BODY) {
            throw new ProtocolException(
                    Protocol.E_PROTOCOL_ERROR, "frame body length " + len + " above 8192");
        }
        return Protocol.FRAME_HEADER_SIZE + (int) len;
    }

    /** Decodes one whole frame (see {@link #frameSize}) and consumes it. */
    public static Frame decode(ByteBuffer in) throws ProtocolException {
        int size = frameSize(in);
        if (size < 0 || in.remaining() < size) {
            throw new ProtocolException(Protocol.E_PROTOCOL_ERROR, "truncated frame");
        }
        int type = Byte.toUnsignedInt(in.get(in.position()));
        ByteBuffer body =
                in.slice(
                        in.position() + Protocol.FRAME_HEADER_SIZE,
                        size - Protocol.FRAME_HEADER_SIZE);
        in.position(in.position() + size);
        try {
            Frame f = FrameBodies.decode(type, body);
            if (body.hasRemaining()) {
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "frame type " + type + " has trailing bytes");
            }
            return f;
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(
                    Protocol.E_PROTOCOL_ERROR, "frame type " + type + ": " + e.getMessage());
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException(
                    Protocol.E_PROTOCOL_ERROR, "frame type " + type + " body too short");
        }
    }

    /**
     * Encodes one frame; {@code out} needs {@link Protocol#FRAME_HEADER_SIZE} + 8192 bytes free at
     * most.
     */
    public static void encode(Frame f, ByteBuffer out) {
        int start = out.position();
        out.put((byte) 0).putInt(0);
        int type = FrameBodies.encode(f, out);
        out.put(start, (byte) type)
                .putInt(start + 1, out.position() - start - Protocol.FRAME_HEADER_SIZE);
    }

    /** UTF-8 length of a string, in bytes. */
    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Strict UTF-8 (malformed or unmappable input is an error, never replaced). */
    static String utf8(ByteBuffer b, int code, String field) throws ProtocolException {
        try {
            CharBuffer cb =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(b);
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(code, field + " is not valid UTF-8");
        }
    }

    private static boolean zero(ByteBuffer b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void badHeaderIf(boolean bad, String what) throws ProtocolException {
        if (bad) {
            throw new ProtocolException(Protocol.E_BAD_HEADER, what);
        }
    }
}
