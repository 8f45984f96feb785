package dev.tft.transfer.wire;

/**
 * Every constant of the tft transfer protocol (TCP port 5001), in one place. The byte-exact
 * specification is {@code PROTOCOL.md part A}; the same diagrams are in {@link WireCodec}. Never
 * renumber a value here: peers in the field depend on them.
 *
 * <p>Error codes ({@code E_*}) are numbered here; {@code dev.tft.transfer.TransferError} is the one
 * place that maps them to and from the Java error enum.
 */
public final class Protocol {
    private Protocol() {}

    /** Default TCP port of the receiver. */
    public static final int DEFAULT_PORT = 5001;

    /**
     * First 8 bytes of a native connection: {@code 89 54 46 54 0D 0A 1A 0A} ("\x89TFT\r\n\x1a\n",
     * PNG style). 0x89 is a UTF-8 continuation byte, so no legacy (UTF-8 text) header can start
     * with it.
     */
    public static final byte[] MAGIC = {(byte) 0x89, 'T', 'F', 'T', 0x0D, 0x0A, 0x1A, 0x0A};

    /** The only native version this code speaks. */
    public static final int VERSION = 1;

    /**
     * Bytes of magic + version: frozen for every future version, so a receiver can always say "too
     * new".
     */
    public static final int PREAMBLE_SIZE = 10;

    /** Size of the native version-1 session header. */
    public static final int SESSION_HEADER_SIZE = 256;

    /**
     * Size of the seed's legacy header ({@code NAME|SIZE}, UTF-8, right-padded with NUL or space).
     */
    public static final int LEGACY_HEADER_SIZE = 1024;

    /** Maximum bytes of a peer id in the session header. */
    public static final int MAX_PEER_ID = 64;

    /** Maximum bytes of a display name in the session header (and in HELLO). */
    public static final int MAX_DISPLAY_NAME = 128;

    /** Frame envelope: type (u8) + body length (u32). Frozen for every version. */
    public static final int FRAME_HEADER_SIZE = 5;

    /** Largest body of any frame; a larger length is a protocol error before any allocation. */
    public static final int MAX_FRAME_BODY = 8192;

    /** Longest relative path in an OFFER or STORED frame, in UTF-8 bytes. */
    public static final int MAX_PATH = 4096;

    /** Longest REJECT/FAILED message, in UTF-8 bytes. */
    public static final int MAX_MESSAGE = 200;

    /**
     * Largest file that may be sent EAGERly (payload straight after its OFFER, without waiting for
     * ACCEPT).
     */
    public static final int EAGER_MAX = 64 * 1024;

    /** Bytes of the resume id of an OFFER. All zero means "not resumable". */
    public static final int RESUME_ID_SIZE = 16;

    // Frame types, sender -> receiver.
    /** OFFER: a file or a directory. */
    public static final int T_OFFER = 0x01;

    /** CHECKSUM: digest of the whole file, after its payload. */
    public static final int T_CHECKSUM = 0x02;

    /** END: no more offers; the receiver closes after its last reply. */
    public static final int T_END = 0x03;

    /**
     * SUMMARY: what the whole push holds (files, bytes, the first few names), the first frame after
     * the header, so the receiver can decide, or ask its owner, before anything else is read.
     */
    public static final int T_SUMMARY = 0x04;

    /**
     * PAIR (both directions): one step of the pairing exchange ({@code PROTOCOL.md} part A §11);
     * the initiator's first frame instead of SUMMARY.
     */
    public static final int T_PAIR = 0x05;

    /** PAIR step 1, initiator → responder: SHA-256 of the initiator's nonce (32 bytes). */
    public static final int PAIR_COMMIT = 1;

    /** PAIR step 2, responder → initiator: the responder's nonce (32 bytes). */
    public static final int PAIR_NONCE = 2;

    /** PAIR step 3, initiator → responder: the initiator's nonce (32 bytes), opening the commit. */
    public static final int PAIR_REVEAL = 3;

    /** PAIR step 4, both directions: 1 byte, 1 = the user confirmed the code, 0 = declined. */
    public static final int PAIR_CONFIRM = 4;

    /** Bytes of a pairing nonce and of its commitment (a SHA-256 digest). */
    public static final int PAIR_NONCE_SIZE = 32;

    /** Most names a SUMMARY carries. */
    public static final int SUMMARY_MAX_NAMES = 3;

    /** Longest name in a SUMMARY, in UTF-8 bytes (one path component). */
    public static final int SUMMARY_MAX_NAME = 255;

    // Frame types, receiver -> sender.
    /** HELLO: the receiver accepted the session header; carries its identity. */
    public static final int T_HELLO = 0x10;

    /** ACCEPT: send the payload from this offset. */
    public static final int T_ACCEPT = 0x11;

    /** REJECT: an offer (or the session header) is refused; code + one-line message. */
    public static final int T_REJECT = 0x12;

    /** STORED: the file/directory is verified, durable and published under this relative name. */
    public static final int T_STORED = 0x13;

    /** FAILED: an accepted file failed after its payload (checksum mismatch, I/O error, ...). */
    public static final int T_FAILED = 0x14;

    /**
     * PENDING: the receiver holds the push for its owner's decision; HELLO or REJECT follows within
     * the given number of seconds.
     */
    public static final int T_PENDING = 0x15;

    /** OFFER kind: regular file. */
    public static final int KIND_FILE = 1;

    /** OFFER kind: directory (no payload). */
    public static final int KIND_DIRECTORY = 2;

    /**
     * OFFER flag bit 0: payload and CHECKSUM follow the OFFER at once (size must be at most
     * EAGER_MAX).
     */
    public static final int FLAG_EAGER = 0x01;

    /** Checksum id: none (directories only). */
    public static final int ALG_NONE = 0;

    /** Checksum id: CRC32C (Castagnoli), 4 bytes big-endian. The default. */
    public static final int ALG_CRC32C = 1;

    /** Checksum id: SHA-256, 32 bytes. */
    public static final int ALG_SHA256 = 2;

    // Error codes (u16) of REJECT and FAILED frames. Never renumber; 0 is never sent.
    /** The name or path fails the name policy. */
    public static final int E_BAD_NAME = 1;

    /** The file exceeds the receiver's maximum file size. */
    public static final int E_TOO_LARGE = 2;

    /** Free space minus the reserve cannot hold the file. */
    public static final int E_NO_SPACE = 3;

    /**
     * All transfer slots are taken, or this resumable file is being received on another connection.
     */
    public static final int E_BUSY = 4;

    /** The receiver's policy refuses this peer. */
    public static final int E_DENIED = 5;

    /** The session header is garbage or malformed. */
    public static final int E_BAD_HEADER = 6;

    /** The magic is right but the version is not spoken here. */
    public static final int E_UNSUPPORTED_VERSION = 7;

    /** The payload does not match its checksum. */
    public static final int E_CHECKSUM_MISMATCH = 8;

    /** Fewer payload bytes arrived than offered. */
    public static final int E_INCOMPLETE = 9;

    /** The receiver could not write, sync or publish the file. */
    public static final int E_IO_ERROR = 10;

    /** A frame after the header is malformed or out of order. */
    public static final int E_PROTOCOL_ERROR = 11;

    /** The header deadline or the idle timeout expired. */
    public static final int E_TIMEOUT = 12;

    /** The checksum algorithm id is unknown to the receiver. */
    public static final int E_UNSUPPORTED_CHECKSUM = 13;

    /** The receiver is shutting down. */
    public static final int E_SHUTTING_DOWN = 14;

    /**
     * A native session arrived in clear text: native sessions run only inside TLS 1.3 (the seed's
     * legacy form is the one clear-text push).
     */
    public static final int E_TLS_REQUIRED = 15;

    /** First byte of a TLS record of type handshake: a ClientHello starts with it. */
    public static final int TLS_HANDSHAKE_RECORD = 0x16;

    /** Digest length of a checksum id, or -1 if the id is unknown. */
    public static int digestLength(int alg) {
        switch (alg) {
            case ALG_CRC32C:
                return 4;
            case ALG_SHA256:
                return 32;
            default:
                return -1;
        }
    }
}
