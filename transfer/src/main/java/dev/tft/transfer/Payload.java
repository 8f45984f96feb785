package dev.tft.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/** Streams payload bytes from a {@link ChannelInput} into a temp file. Stateless. */
final class Payload {
    private Payload() {}

    /** A failure of the local disk (as opposed to the connection). */
    static final class DiskException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        /**
         * True when the write failed because the file system is full (ENOSPC) or a quota is
         * exhausted (EDQUOT). The JDK surfaces both only as the strerror text of a plain
         * IOException.
         */
        boolean noSpace() {
            String m = String.valueOf(getMessage());
            return m.contains("No space left on device") || m.contains("Disk quota exceeded");
        }
    }

    /**
     * Moves exactly {@code n} bytes from {@code in} to {@code out}, hashing them if {@code hasher}
     * is non-null and reporting each chunk's length to {@code progress}. Throws {@link
     * ChannelInput.Eof} if the peer stops early and {@link DiskException} if writing fails.
     */
    static void receive(
            ChannelInput in, FileChannel out, long n, Hasher hasher, LongConsumer progress)
            throws IOException {
        while (n > 0) {
            ByteBuffer s = in.next(n);
            int len = s.remaining();
            if (hasher != null) {
                hasher.update(s);
            }
            try {
                while (s.hasRemaining()) {
                    out.write(s);
                }
            } catch (IOException e) {
                throw new DiskException(e);
            }
            n -= len;
            progress.accept(len);
        }
    }

    /** Reads and drops exactly {@code n} bytes (a refused eager payload: at most 64 KiB). */
    static void skip(ChannelInput in, long n) throws IOException {
        while (n > 0) {
            n -= in.next(n).remaining();
        }
    }

    /**
     * Hashes {@code [0, length)} of a kept temp (the resumed prefix), without moving its position.
     */
    static void hashPrefix(FileChannel ch, long length, Hasher hasher) throws IOException {
        if (length == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long pos = 0;
        while (pos < length) {
            b.clear().limit((int) Math.min(b.capacity(), length - pos));
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new DiskException(new IOException("kept temp shorter than its size"));
            }
            b.flip();
            hasher.update(b);
            pos += n;
        }
    }
}
