package dev.tft.transfer.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One frame after the session header (see {@link WireCodec} for the byte layout). Every record
 * validates itself on construction and throws {@link IllegalArgumentException} naming the bad
 * field, so an invalid frame cannot exist.
 */
public sealed interface Frame {

    /**
     * Sender → receiver: offer one file ({@code kind} 1) or directory ({@code kind} 2) at relative
     * {@code path}.
     */
    record Offer(
            int kind,
            boolean eager,
            int checksumAlg,
            long size,
            long mtimeMillis,
            byte[] resumeId,
            String path)
            implements Frame {
        public Offer {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(resumeId, "resumeId");
            check(
                    kind == Protocol.KIND_FILE || kind == Protocol.KIND_DIRECTORY,
                    "kind " + kind + " unknown");
            check(size >= 0, "size " + size + " negative");
            check(resumeId.length == Protocol.RESUME_ID_SIZE, "resumeId length " + resumeId.length);
            int pathBytes = WireCodec.utf8Length(path);
            check(
                    pathBytes >= 1 && pathBytes <= Protocol.MAX_PATH,
                    "path length " + pathBytes + " out of range");
            if (kind == Protocol.KIND_DIRECTORY) {
                check(
                        size == 0 && !eager && checksumAlg == Protocol.ALG_NONE,
                        "directory with payload fields");
            } else {
                check(
                        Protocol.digestLength(checksumAlg) > 0,
                        "checksum algorithm " + checksumAlg + " unknown");
                check(
                        !eager || size <= Protocol.EAGER_MAX,
                        "eager size " + size + " above " + Protocol.EAGER_MAX);
            }
            resumeId = resumeId.clone();
        }

        /** A copy of the resume id (16 bytes; all zero = not resumable). */
        @Override
        public byte[] resumeId() {
            return resumeId.clone();
        }

        /** True if the resume id is not all zero. */
        public boolean resumable() {
            for (byte b : resumeId) {
                if (b != 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Offer other
                    && kind == other.kind
                    && eager == other.eager
                    && checksumAlg == other.checksumAlg
                    && size == other.size
                    && mtimeMillis == other.mtimeMillis
                    && Arrays.equals(resumeId, other.resumeId)
                    && path.equals(other.path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(
                    kind, eager, checksumAlg, size, mtimeMillis, Arrays.hashCode(resumeId), path);
        }

        @Override
        public String toString() {
            return "Offer[kind="
                    + kind
                    + ", eager="
                    + eager
                    + ", alg="
                    + checksumAlg
                    + ", size="
                    + size
                    + ", path="
                    + path.length()
                    + " chars]";
        }
    }

    /** Sender → receiver: digest of the whole file (not just the bytes of this connection). */
    record Checksum(int alg, byte[] digest) implements Frame {
        public Checksum {
            Objects.requireNonNull(digest, "digest");
            check(
                    Protocol.digestLength(alg) == digest.length,
                    "digest length " + digest.length + " for alg " + alg);
            digest = digest.clone();
        }

        /** A copy of the digest bytes. */
        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Checksum other
                    && alg == other.alg
                    && Arrays.equals(digest, other.digest);
        }

        @Override
        public int hashCode() {
            return 31 * alg + Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "Checksum[alg=" + alg + "]";
        }
    }

    /** Sender → receiver: no more offers. */
    record End() implements Frame {}

    /**
     * Sender → receiver, first frame after the header: the push's file count (directories not
     * counted), total payload bytes and up to {@link Protocol#SUMMARY_MAX_NAMES} top-level names.
     */
    record Summary(long files, long bytes, List<String> names) implements Frame {
        public Summary {
            check(files >= 0 && files <= 0xFFFFFFFFL, "files " + files + " out of range");
            check(bytes >= 0, "bytes " + bytes + " negative");
            names = List.copyOf(names);
            check(names.size() <= Protocol.SUMMARY_MAX_NAMES, names.size() + " names");
            for (String n : names) {
                int len = WireCodec.utf8Length(n);
                check(len <= Protocol.SUMMARY_MAX_NAME, "summary name of " + len + " bytes");
            }
        }
    }

    /**
     * Both directions: one step of the pairing exchange (part A §11). Steps {@link
     * Protocol#PAIR_COMMIT}, {@link Protocol#PAIR_NONCE} and {@link Protocol#PAIR_REVEAL} carry 32
     * bytes; {@link Protocol#PAIR_CONFIRM} carries one byte, 0 or 1.
     */
    record Pair(int step, byte[] data) implements Frame {
        public Pair {
            Objects.requireNonNull(data, "data");
            check(
                    step >= Protocol.PAIR_COMMIT && step <= Protocol.PAIR_CONFIRM,
                    "pairing step " + step + " unknown");
            if (step == Protocol.PAIR_CONFIRM) {
                check(
                        data.length == 1 && (data[0] == 0 || data[0] == 1),
                        "CONFIRM must be one byte, 0 or 1");
            } else {
                check(
                        data.length == Protocol.PAIR_NONCE_SIZE,
                        "pairing step " + step + " with " + data.length + " bytes");
            }
            data = data.clone();
        }

        /** Step {@link Protocol#PAIR_CONFIRM} with the user's decision. */
        public static Pair confirm(boolean confirmed) {
            return new Pair(Protocol.PAIR_CONFIRM, new byte[] {(byte) (confirmed ? 1 : 0)});
        }

        /** A copy of the step's bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** For a CONFIRM: whether the sending side's user confirmed. */
        public boolean confirmed() {
            return step == Protocol.PAIR_CONFIRM && data[0] == 1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair other && step == other.step && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * step + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Pair[step=" + step + "]"; // nonces stay out of logs
        }
    }

    /** Receiver → sender, before HELLO: the owner is asked; HELLO or REJECT within the timeout. */
    record Pending(long timeoutSeconds) implements Frame {
        public Pending {
            check(
                    timeoutSeconds >= 1 && timeoutSeconds <= 0xFFFFFFFFL,
                    "timeout " + timeoutSeconds + " out of range");
        }
    }

    /** Receiver → sender: the session header was accepted; who the receiver is. */
    record Hello(int version, String peerId, String displayName) implements Frame {
        public Hello {
            check(version >= 1 && version <= 0xFFFF, "version " + version + " out of range");
            SessionHeader.checkIdentity(peerId, displayName);
        }
    }

    /** Receiver → sender: send the payload starting at {@code offset}. */
    record Accept(long offset) implements Frame {
        public Accept {
            check(offset >= 0, "offset " + offset + " negative");
        }
    }

    /** Receiver → sender: refused before the payload (or the session header was refused). */
    record Reject(int code, String message) implements Frame {
        public Reject {
            checkError(code, message);
        }
    }

    /**
     * Receiver → sender: the file was published under {@code storedPath} (relative to the inbox).
     */
    record Stored(String storedPath) implements Frame {
        public Stored {
            Objects.requireNonNull(storedPath, "storedPath");
            int n = WireCodec.utf8Length(storedPath);
            check(n >= 1 && n <= Protocol.MAX_PATH, "storedPath length " + n + " out of range");
        }
    }

    /** Receiver → sender: an accepted file failed after its payload. */
    record Failed(int code, String message) implements Frame {
        public Failed {
            checkError(code, message);
        }
    }

    private static void checkError(int code, String message) {
        Objects.requireNonNull(message, "message");
        check(code >= 1 && code <= 0xFFFF, "code " + code + " out of range");
        check(
                WireCodec.utf8Length(message) <= Protocol.MAX_MESSAGE,
                "message longer than " + Protocol.MAX_MESSAGE);
        check(message.indexOf('\n') < 0 && message.indexOf('\r') < 0, "message is not one line");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }
}
