package dev.tft.control;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The client end of one control connection: send a request, then read one reply or a stream of push
 * events. The codec does the JSON; this class only frames lines on the socket.
 *
 * <p>Thread-safety: one thread sends and reads; {@link #close()} may be called from any thread
 * (e.g. a shutdown hook) and makes a blocked read fail promptly. Closing during a push makes the
 * daemon cancel that push.
 */
public final class ControlClient implements AutoCloseable {
    private final SocketChannel channel;
    private final JsonLineReader reader;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.reader = new JsonLineReader(channel, ControlCodec.MAX_REPLY_LINE_BYTES);
    }

    /**
     * Connects to the daemon's socket.
     *
     * @throws DaemonUnavailableException if nothing exists at {@code socket} ({@link
     *     DaemonUnavailableException.Reason#NO_SOCKET}), it is not accessible ({@code
     *     PERMISSION_DENIED}) or nobody listens on it ({@code NOT_LISTENING})
     */
    public static ControlClient connect(Path socket) throws DaemonUnavailableException {
        Objects.requireNonNull(socket, "socket");
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new DaemonUnavailableException(
                    socket, DaemonUnavailableException.Reason.NO_SOCKET, null);
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(ch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new DaemonUnavailableException(socket, classify(socket), e);
        }
    }

    private static DaemonUnavailableException.Reason classify(Path socket) {
        // The JDK gives no errno; re-check the file instead of parsing exception messages.
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return DaemonUnavailableException.Reason.NO_SOCKET;
        }
        if (!Files.isWritable(socket)) {
            return DaemonUnavailableException.Reason.PERMISSION_DENIED;
        }
        return DaemonUnavailableException.Reason.NOT_LISTENING;
    }

    /** Sends one request line. */
    public void send(ControlRequest request) throws IOException {
        writeLine(ControlCodec.encodeRequest(request));
    }

    /** Sends a raw line (tests and fault injection); a {@code '\n'} is appended. */
    public void writeLine(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Reads the next line from the daemon, or null at EOF.
     *
     * @throws ControlException {@code bad_request} if the line is over-long or not UTF-8
     */
    public String readLine() throws IOException, ControlException {
        return reader.readLine();
    }

    /**
     * Sends {@code request} and reads its one-line reply.
     *
     * @return the decoded reply; a daemon-reported error is a {@link ControlReply.Failure}
     * @throws ControlException {@code bad_request} if the reply is garbled
     * @throws EOFException if the daemon closed the connection without replying
     */
    public ControlReply call(ControlRequest request) throws IOException, ControlException {
        send(request);
        String line = readLine();
        if (line == null) {
            throw new EOFException("the daemon closed the connection without replying");
        }
        return ControlCodec.decodeReply(line);
    }

    /**
     * Reads and decodes the next push event, or returns null at EOF.
     *
     * @throws ControlException {@code bad_request} if the line is garbled
     */
    public PushEvent readEvent() throws IOException, ControlException {
        String line = readLine();
        return line == null ? null : ControlCodec.decodeEvent(line);
    }

    /** Closes the connection; idempotent, callable from any thread. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing a Unix socket has nothing useful to report.
            }
        }
    }
}
