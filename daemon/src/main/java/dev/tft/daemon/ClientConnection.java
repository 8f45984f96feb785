package dev.tft.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One control client's socket, with deadlines on both directions so a client that stops reading or
 * writing can stall only itself.
 *
 * <p>The channel is non-blocking and every wait goes through a private {@link Selector} with a
 * timeout. Lines are bounded ({@link #MAX_LINE} bytes) and must be valid UTF-8. {@link #offer} lets
 * progress events be dropped while earlier output is still queued, so a slow reader sees fewer
 * progress lines rather than a stalled transfer.
 *
 * <p>Not thread-safe: owned by the one thread serving this client, except {@link #close()}, which
 * any thread may call.
 */
final class ClientConnection implements AutoCloseable {
    /** Longest accepted request line in bytes, newline excluded (PROTOCOL.md, control socket). */
    static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private final Duration writeTimeout;

    ClientConnection(SocketChannel channel, Duration writeTimeout) throws IOException {
        this.channel = channel;
        this.writeTimeout = writeTimeout;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        in.flip();
    }

    /**
     * Thrown for a line longer than {@link #MAX_LINE} or not valid UTF-8; the connection is
     * unusable after it.
     */
    static final class BadLineException extends IOException {
        private static final long serialVersionUID = 1L;

        BadLineException(String message) {
            super(message);
        }
    }

    /**
     * Reads the next line, waiting at most {@code idle} for each chunk.
     *
     * @return the line without its terminator, or {@code null} at end of stream
     * @throws SocketTimeoutException nothing arrived for {@code idle}
     * @throws BadLineException over-long line or invalid UTF-8
     */
    String readLine(Duration idle) throws IOException {
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return decodeLine();
                }
                if (line.size() >= MAX_LINE) {
                    throw new BadLineException("request line longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            in.clear();
            int n = channel.read(in);
            if (n == 0) {
                in.flip();
                await(SelectionKey.OP_READ, idle);
                continue;
            }
            in.flip();
            if (n < 0) {
                return line.size() > 0 ? decodeLine() : null;
            }
        }
    }

    private String decodeLine() throws BadLineException {
        byte[] bytes = line.toByteArray();
        line.reset();
        int len =
                bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                        ? bytes.length - 1
                        : bytes.length;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadLineException("request line is not valid UTF-8");
        }
    }

    /**
     * True when the client has closed its end (a non-blocking peek). Bytes that arrive meanwhile
     * are kept for {@link #readLine}. Used during a push, whose thread cannot block on reading.
     */
    boolean peerClosed() {
        try {
            if (in.hasRemaining()) {
                return false;
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes {@code text + '\n'} completely, waiting at most the write timeout overall. */
    void writeLine(String text) throws IOException {
        enqueue(text);
        flush(writeTimeout);
    }

    /**
     * Writes a line that may be skipped: when earlier output is still queued (the client reads
     * slowly) the line is dropped and {@code false} returned. Never blocks.
     */
    boolean offer(String text) throws IOException {
        if (pending.hasRemaining()) {
            channel.write(pending);
            if (pending.hasRemaining()) {
                return false;
            }
        }
        enqueue(text);
        channel.write(pending);
        return true;
    }

    private void enqueue(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer next = ByteBuffer.allocate(pending.remaining() + bytes.length);
        next.put(pending).put(bytes).flip();
        pending = next;
    }

    private void flush(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.hasRemaining()) {
            if (channel.write(pending) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException(
                            "control client did not read for " + timeout.toSeconds() + " s");
                }
                await(SelectionKey.OP_WRITE, Duration.ofNanos(left));
            }
        }
    }

    private void await(int op, Duration timeout) throws IOException {
        try {
            awaitOnce(op, timeout);
        } catch (ClosedSelectorException | CancelledKeyException e) {
            // The connection was closed by another thread (daemon shutdown): an ordinary close.
            throw new IOException("control connection closed", e);
        }
    }

    private void awaitOnce(int op, Duration timeout) throws IOException {
        SelectionKey key = channel.register(selector, op);
        try {
            if (selector.select(Math.max(1, timeout.toMillis())) == 0
                    && selector.selectedKeys().isEmpty()) {
                if (!channel.isOpen()) {
                    throw new IOException("control connection closed");
                }
                throw new SocketTimeoutException(
                        "control client idle for " + timeout.toSeconds() + " s");
            }
            selector.selectedKeys().clear();
        } finally {
            // A connection closed meanwhile (daemon shutdown) has a cancelled key: let the I/O
            // error
            // above, or the next read, report it instead of a CancelledKeyException.
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
