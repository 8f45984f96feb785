package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Buffers outgoing frames and writes them in one system call when flushed (the receiver flushes
 * before every blocking read, so replies to pipelined offers travel together). Not thread-safe: one
 * connection thread.
 */
final class ReplyWriter {
    private final WritableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);

    ReplyWriter(WritableByteChannel channel) {
        this.channel = channel;
    }

    void send(Frame f) throws IOException {
        if (buf.remaining() < Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY) {
            flush();
        }
        WireCodec.encode(f, buf);
    }

    void flush() throws IOException {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } finally {
            buf.compact();
        }
    }

    /** Flush for the read hook: an I/O failure here will surface on the read that follows. */
    void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            buf.clear();
        }
    }
}
