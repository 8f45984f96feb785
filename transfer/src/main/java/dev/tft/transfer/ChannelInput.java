package dev.tft.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A read-ahead buffer over a blocking channel, so small frames cost no extra system calls and
 * payload bytes are handed on in large slices. The buffer is kept in read mode ({@code
 * position..limit} = unread bytes). Before every blocking read it runs {@code beforeRead} (the
 * receiver flushes its buffered replies there) and after every read {@code afterRead} (the
 * watchdog's activity stamp). Not thread-safe: owned by one connection thread.
 */
final class ChannelInput {
    /** Thrown when the channel ends; {@link #total()} tells whether any byte ever arrived. */
    static final class Eof extends EOFException {
        private static final long serialVersionUID = 1L;

        Eof(String what) {
            super(what);
        }
    }

    private final ReadableByteChannel channel;
    private final Runnable beforeRead;
    private final Runnable afterRead;
    private ByteBuffer buf;
    private long total;

    ChannelInput(
            ReadableByteChannel channel, ByteBuffer buf, Runnable beforeRead, Runnable afterRead) {
        this.channel = channel;
        this.buf = buf.flip();
        this.beforeRead = beforeRead;
        this.afterRead = afterRead;
    }

    /** Bytes read from the channel so far. */
    long total() {
        return total;
    }

    /** The buffer, in read mode; callers may consume from its position. */
    ByteBuffer buffer() {
        return buf;
    }

    /** Moves the unread bytes into {@code bigger} and reads through it from now on. */
    void swapBuffer(ByteBuffer bigger) {
        bigger.clear();
        bigger.put(buf);
        buf = bigger.flip();
    }

    /** Reads once (after compacting); returns false at end of stream. */
    boolean fill() throws IOException {
        buf.compact();
        try {
            beforeRead.run();
            int n = channel.read(buf);
            if (n < 0) {
                return false;
            }
            total += n;
            afterRead.run();
            return true;
        } finally {
            buf.flip();
        }
    }

    /**
     * Blocks until {@code n} bytes (at most the capacity) are buffered; {@link Eof} if the stream
     * ends first.
     */
    void require(int n) throws IOException {
        if (n > buf.capacity()) {
            // A caller bug, not a peer's: looping here would spin on a full buffer.
            throw new IllegalStateException(
                    n + " bytes required of a " + buf.capacity() + " buffer");
        }
        while (buf.remaining() < n) {
            if (!fill()) {
                throw new Eof("stream ended with " + buf.remaining() + " of " + n + " bytes");
            }
        }
    }

    /**
     * Returns up to {@code max} buffered bytes as a slice (reading if none are buffered) and
     * consumes them.
     */
    ByteBuffer next(long max) throws IOException {
        if (!buf.hasRemaining()) {
            require(1);
        }
        int n = (int) Math.min(max, buf.remaining());
        ByteBuffer slice = buf.slice(buf.position(), n);
        buf.position(buf.position() + n);
        return slice;
    }
}
