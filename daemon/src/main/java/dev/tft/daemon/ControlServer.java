package dev.tft.daemon;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.Escape;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the control socket: one accept thread ({@code tft-control-accept}) and one thread per
 * client ({@code tft-control-N}), at most {@link #MAX_CLIENTS} at once. A client beyond that gets
 * one {@code busy} line and is closed. Each client must be the socket owner ({@code SO_PEERCRED});
 * anyone else gets {@code permission_denied}.
 *
 * <p>A client thread reads request lines and hands each to the {@link RequestHandler}; a push runs
 * on that same thread, so a slow or stuck client delays only its own push. Idle clients are dropped
 * after {@link #IDLE}.
 */
final class ControlServer implements AutoCloseable {
    /**
     * Bound on concurrent clients (one thread each). Only the socket's owner gets past the uid
     * check, and each running {@code tft push} holds a client for its duration, so this is sized
     * for many parallel pushes.
     */
    static final int MAX_CLIENTS = 64;

    static final Duration IDLE = Duration.ofMinutes(5);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final ControlSocket socket;
    private final RequestHandler handler;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger();
    private final Thread acceptThread;
    private volatile boolean closed;

    private ControlServer(ControlSocket socket, RequestHandler handler) {
        this.socket = socket;
        this.handler = handler;
        this.acceptThread = new Thread(this::acceptLoop, "tft-control-accept");
        this.acceptThread.setDaemon(true);
    }

    /** Starts serving {@code socket} (already claimed and bound). */
    static ControlServer start(ControlSocket socket, RequestHandler handler) {
        ControlServer server = new ControlServer(socket, handler);
        server.acceptThread.start();
        return server;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // EMFILE and friends: back off instead of spinning at 100 % CPU.
                log.warn("control socket accept failed: {}", e.toString());
                pause();
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse(
                        ch,
                        new ControlError(
                                ControlError.Code.BUSY,
                                "the daemon serves "
                                        + MAX_CLIENTS
                                        + " clients at once; retry in a moment"));
                continue;
            }
            Thread t = new Thread(() -> serve(ch), "tft-control-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // back-off after accept failure (fd exhaustion); not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(SocketChannel ch, ControlError error) {
        try (ClientConnection c = new ClientConnection(ch, Duration.ofMillis(200))) {
            c.offer(ControlCodec.error(error));
        } catch (IOException ignored) {
            // the refused client is gone already
        }
    }

    private void serve(SocketChannel ch) {
        ClientConnection client = null;
        try {
            client = new ClientConnection(ch, WRITE_TIMEOUT);
            clients.add(client);
            if (!sameUser(ch)) {
                client.offer(
                        ControlCodec.error(
                                new ControlError(
                                        ControlError.Code.PERMISSION_DENIED,
                                        "this tft daemon belongs to another user")));
                return;
            }
            serveLines(client);
        } catch (IOException e) {
            log.debug("control client I/O: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("control client handler failed", e);
        } finally {
            if (client != null) {
                clients.remove(client);
                client.close();
            }
            slots.release();
        }
    }

    private void serveLines(ClientConnection client) throws IOException {
        try {
            String line;
            while (!closed && (line = client.readLine(IDLE)) != null) {
                if (!line.isBlank() && !handler.handle(line, client)) {
                    return; // a push ended: its stream is complete, the connection closes
                }
            }
        } catch (ClientConnection.BadLineException e) {
            // Answer once, then close: after an over-long line we cannot find the next line
            // boundary.
            client.offer(
                    ControlCodec.error(
                            new ControlError(ControlError.Code.BAD_REQUEST, e.getMessage())));
        } catch (SocketTimeoutException e) {
            log.debug("control client dropped: {}", e.getMessage());
        }
    }

    private boolean sameUser(SocketChannel ch) {
        try {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            boolean ok = peer.user().getName().equals(socket.owner().getName());
            if (!ok) {
                log.warn(
                        "refused control connection from user {}",
                        Escape.forTerminal(peer.user().getName()));
            }
            return ok;
        } catch (IOException | UnsupportedOperationException e) {
            log.warn(
                    "cannot read the control client's credentials ({}); refusing it", e.toString());
            return false;
        }
    }

    /** Stops accepting and closes every client connection (which cancels their pushes). */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            socket.close();
        } finally {
            clients.forEach(ClientConnection::close);
        }
    }
}
