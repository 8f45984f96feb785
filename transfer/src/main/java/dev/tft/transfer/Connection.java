package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.LegacyHeader;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One accepted connection, on its own pool thread: reads the header within the absolute deadline,
 * takes a transfer slot, and runs a {@link NativeSession} or a legacy receive. Catches everything
 * so the accept loop and the pool never die; peer-caused problems are logged rate-limited and
 * escaped.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Live progress of one file, for {@link Receiver#activeTransfers()}. */
    static final class Progress {
        final String peer;
        final String file;
        final long size;
        volatile long bytes;

        Progress(String peer, String file, long size, long bytes) {
            this.peer = peer;
            this.file = file;
            this.size = size;
            this.bytes = bytes;
        }

        ActiveTransfer snapshot() {
            return new ActiveTransfer(peer, file, bytes, size);
        }
    }

    final Receiver rx;
    final SocketChannel channel;
    final InetAddress from;
    final ReplyWriter out;
    Watchdog.Guard guard;
    private boolean preHeaderHeld = true;
    private boolean headerDone;

    Connection(Receiver rx, SocketChannel channel, InetAddress from) {
        this.rx = rx;
        this.channel = channel;
        this.from = from;
        this.out = new ReplyWriter(channel);
    }

    @Override
    public void run() {
        long deadline = rx.config.limits().headerDeadline().toNanos();
        guard = rx.watchdog.guard(channel, deadline);
        ChannelInput in =
                new ChannelInput(
                        channel,
                        ByteBuffer.allocate(Protocol.LEGACY_HEADER_SIZE),
                        out::flushQuietly,
                        this::onRead);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            handle(in);
        } catch (ChannelInput.Eof e) {
            if (in.total() > 0 && !headerDone) {
                rx.peerLog.warn("connection closed inside its header", from.getHostAddress());
            } else {
                // Zero bytes then close is discovery's liveness probe: normal, not worth a warning.
                LOG.debug("connection from {} closed", from.getHostAddress());
            }
        } catch (ProtocolException e) {
            rx.peerLog.warn("protocol violation", from.getHostAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            if (rx.closing()) {
                LOG.debug("connection from {} closed by shutdown", from.getHostAddress());
                return;
            }
            String why =
                    guard.expired()
                            ? (headerDone ? "idle timeout" : "header deadline passed")
                            : "I/O error";
            rx.peerLog.warn(why, from.getHostAddress() + ": " + e);
        } catch (RuntimeException e) {
            LOG.error("connection from {} failed unexpectedly", from.getHostAddress(), e);
        } finally {
            guard.close();
            releasePreHeader();
            Receiver.closeQuietly(channel);
            rx.connectionEnded(channel);
        }
    }

    private void onRead() {
        if (headerDone) {
            guard.extend(rx.config.limits().idleTimeout().toNanos());
        }
    }

    private void releasePreHeader() {
        if (preHeaderHeld) {
            preHeaderHeld = false;
            rx.releasePreHeader(from);
        }
    }

    private void handle(ChannelInput in) throws IOException {
        in.require(1);
        WireCodec.HeaderKind kind = WireCodec.classify(in.buffer());
        if (kind == null) {
            in.require(Protocol.PREAMBLE_SIZE);
            kind = WireCodec.classify(in.buffer());
        }
        switch (kind) {
            case LEGACY:
                in.require(Protocol.LEGACY_HEADER_SIZE);
                legacy(in, WireCodec.decodeLegacyHeader(in.buffer()));
                return;
            case NATIVE:
                in.require(Protocol.SESSION_HEADER_SIZE);
                SessionHeader h;
                try {
                    h = WireCodec.decodeSessionHeader(in.buffer());
                } catch (ProtocolException e) {
                    refuse(e.wireCode(), e.getMessage());
                    throw e;
                }
                nativeSession(in, h);
                return;
            case UNSUPPORTED_VERSION:
                refuse(
                        Protocol.E_UNSUPPORTED_VERSION,
                        "this receiver speaks version " + Protocol.VERSION);
                throw new ProtocolException(Protocol.E_UNSUPPORTED_VERSION, "unsupported version");
            default:
                refuse(Protocol.E_BAD_HEADER, "not a tft header");
                throw new ProtocolException(Protocol.E_BAD_HEADER, "bad magic");
        }
    }

    private void refuse(int code, String message) throws IOException {
        String m = message.length() > 150 ? message.substring(0, 150) : message;
        out.send(new Frame.Reject(code, m.replace('\n', ' ').replace('\r', ' ')));
        out.flush();
    }

    /**
     * Ends the header phase: the pre-header slot is freed and the idle timeout replaces the
     * deadline.
     */
    private void headerDone() {
        headerDone = true;
        releasePreHeader();
        guard.extend(rx.config.limits().idleTimeout().toNanos());
    }

    private void nativeSession(ChannelInput in, SessionHeader h) throws IOException {
        headerDone();
        if (rx.closing()) {
            refuse(Protocol.E_SHUTTING_DOWN, "receiver is shutting down");
            return;
        }
        if (!rx.acquireTransfer(from)) {
            refuse(
                    Protocol.E_BUSY,
                    "all transfer slots (or this address's share of them) are in use");
            return;
        }
        ByteBuffer big = rx.takeBuffer();
        try {
            if (!admit(h.peerId(), h.displayName())) {
                refuse(Protocol.E_DENIED, "this receiver does not accept pushes from you");
                return;
            }
            in.swapBuffer(big);
            var self = rx.config.self();
            out.send(new Frame.Hello(Protocol.VERSION, self.peerId(), self.displayName()));
            new NativeSession(this, in, h).run();
        } finally {
            rx.returnBuffer(big);
            rx.releaseTransfer(from);
        }
    }

    private boolean admit(String id, String name) {
        try {
            return rx.admission.admit(id, name, from);
        } catch (RuntimeException e) {
            LOG.error("admission policy threw; denying", e);
            return false;
        }
    }

    private void legacy(ChannelInput in, LegacyHeader h) throws IOException {
        headerDone();
        String name;
        try {
            name = NamePolicy.component(h.name());
        } catch (NamePolicy.BadNameException e) {
            throw new ProtocolException(
                    Protocol.E_BAD_NAME,
                    "legacy name refused: "
                            + e.getMessage()
                            + " ("
                            + LogSafe.escape(h.name())
                            + ")");
        }
        if (rx.closing() || !rx.acquireTransfer(from)) {
            throw new ProtocolException(Protocol.E_BUSY, "legacy push refused: no transfer slot");
        }
        ByteBuffer big = rx.takeBuffer();
        try {
            if (!admit("", "")) {
                throw new ProtocolException(Protocol.E_DENIED, "legacy push denied");
            }
            checkSize(h.size(), 0);
            in.swapBuffer(big);
            FileReceive.legacy(this, in, name, h.size());
        } finally {
            rx.returnBuffer(big);
            rx.releaseTransfer(from);
        }
    }

    /**
     * Throws TOO_LARGE / NO_SPACE for a file of {@code size} with {@code have} bytes already kept.
     */
    void checkSize(long size, long have) throws ProtocolException {
        ReceiverLimits l = rx.config.limits();
        if (size > l.maxFileSize()) {
            throw new ProtocolException(
                    Protocol.E_TOO_LARGE, size + " bytes is above the limit of " + l.maxFileSize());
        }
        long usable;
        try {
            usable = rx.inbox.usableSpace();
        } catch (IOException e) {
            throw new ProtocolException(Protocol.E_IO_ERROR, "cannot read free space");
        }
        if (size - have > usable - l.freeSpaceReserve()) {
            throw new ProtocolException(
                    Protocol.E_NO_SPACE, "not enough free space for " + size + " bytes");
        }
    }

    void fireReceived(ReceivedFile f) {
        try {
            rx.listener.fileReceived(f);
        } catch (RuntimeException e) {
            LOG.error("receiver listener threw", e);
        }
    }

    void fireFailed(String peer, String file, TransferError error, String message) {
        try {
            rx.listener.transferFailed(peer, file, error, message);
        } catch (RuntimeException e) {
            LOG.error("receiver listener threw", e);
        }
    }
}
