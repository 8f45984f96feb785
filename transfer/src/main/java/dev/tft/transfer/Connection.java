package dev.tft.transfer;

import dev.tft.transfer.tls.DeviceIdentity;
import dev.tft.transfer.tls.TlsChannel;
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
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * One accepted connection, on its own pool thread: the header phase. Within the absolute header
 * deadline it tells the forms apart by the first byte (a TLS handshake record, or the seed's legacy
 * text header; a clear-text native header is refused with TLS_REQUIRED), completes the TLS
 * handshake and reads the session header inside it, takes a transfer slot, and hands over to a
 * {@link NativeSession} or a {@link LegacyReceive}; a session whose first frame is PAIR goes to a
 * {@link PairingResponse} instead (no transfer slot, part A §11). Catches everything so the accept
 * loop and the pool never die; peer-caused problems are logged rate-limited and escaped.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** How much longer than the policy's own timeout a held connection waits for its decision. */
    private static final Duration HOLD_SLACK = Duration.ofSeconds(5);

    private final Receiver rx;
    private final ReceiveContext ctx;
    private final SocketChannel channel;
    private final InetAddress from;
    private Watchdog.Guard guard;
    private TlsChannel tls;
    private boolean preHeaderHeld = true;
    private boolean headerDone;
    private boolean handshaken;
    private boolean pairing;

    Connection(Receiver rx, SocketChannel channel, InetAddress from) {
        this.rx = rx;
        this.ctx = rx.context();
        this.channel = channel;
        this.from = from;
    }

    @Override
    public void run() {
        guard = rx.watchdog().guard(channel, ctx.limits.headerDeadline().toNanos());
        SessionIo io = io(channel, Protocol.LEGACY_HEADER_SIZE);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            io.in.require(1);
            if (WireCodec.classify(io.in.buffer()) == WireCodec.HeaderKind.TLS) {
                secure(io);
            } else {
                clear(io);
            }
        } catch (ChannelInput.Eof e) {
            if (handshaken && !headerDone) {
                // A TLS handshake and nothing else: a key probe (tft trust PEER) or a peer that
                // refused our key; nothing to warn about.
                LOG.debug("connection from {} closed after the handshake", from.getHostAddress());
            } else if (io.in.total() > 0 && !headerDone) {
                ctx.peerLog.warn("connection closed inside its header", from.getHostAddress());
            } else {
                // Zero bytes then close is discovery's liveness probe: normal, not worth a warning.
                LOG.debug("connection from {} closed", from.getHostAddress());
            }
        } catch (ProtocolException e) {
            ctx.peerLog.warn("protocol violation", from.getHostAddress() + ": " + e.getMessage());
        } catch (SSLException e) {
            String why = guard.expired() ? "header deadline passed in the TLS handshake" : "TLS";
            ctx.peerLog.warn(why, from.getHostAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            if (rx.closing()) {
                LOG.debug("connection from {} closed by shutdown", from.getHostAddress());
                return;
            }
            String why =
                    guard.expired()
                            ? (pairing
                                    ? "pairing deadline passed"
                                    : headerDone ? "idle timeout" : "header deadline passed")
                            : "I/O error";
            ctx.peerLog.warn(why, from.getHostAddress() + ": " + e);
        } catch (RuntimeException e) {
            LOG.error("connection from {} failed unexpectedly", from.getHostAddress(), e);
        } finally {
            if (tls != null) {
                tls.close(); // best-effort close_notify while the guard still bounds the write
            }
            guard.close();
            releasePreHeader();
            Receiver.closeQuietly(channel);
            rx.connectionEnded(channel);
        }
    }

    private SessionIo io(ByteChannel ch, int headerBuffer) {
        ReplyWriter out = new ReplyWriter(ch);
        ChannelInput in =
                new ChannelInput(
                        ch, ByteBuffer.allocate(headerBuffer), out::flushQuietly, this::onRead);
        return new SessionIo(in, out, guard, ctx.idleNanos());
    }

    private void onRead() {
        if (headerDone && !pairing) {
            guard.extend(ctx.idleNanos());
        }
    }

    private void releasePreHeader() {
        if (preHeaderHeld) {
            preHeaderHeld = false;
            rx.preHeader().release(from);
        }
    }

    /** Clear text: the seed's legacy form, or a native header that should have come over TLS. */
    private void clear(SessionIo io) throws IOException {
        WireCodec.HeaderKind kind = WireCodec.classify(io.in.buffer());
        if (kind == null) {
            io.in.require(Protocol.PREAMBLE_SIZE);
            kind = WireCodec.classify(io.in.buffer());
        }
        switch (kind) {
            case LEGACY:
                io.in.require(Protocol.LEGACY_HEADER_SIZE);
                legacy(io, WireCodec.decodeLegacyHeader(io.in.buffer()));
                return;
            case NATIVE:
                refuse(
                        io,
                        Protocol.E_TLS_REQUIRED,
                        "native sessions must run inside TLS 1.3; this sender is too old");
                throw new ProtocolException(Protocol.E_TLS_REQUIRED, "clear-text native session");
            case UNSUPPORTED_VERSION:
                refuse(
                        io,
                        Protocol.E_UNSUPPORTED_VERSION,
                        "this receiver speaks version " + Protocol.VERSION);
                throw new ProtocolException(Protocol.E_UNSUPPORTED_VERSION, "unsupported version");
            default:
                refuse(io, Protocol.E_BAD_HEADER, "not a tft header");
                throw new ProtocolException(Protocol.E_BAD_HEADER, "bad magic");
        }
    }

    /**
     * TLS: the handshake (mutual, device certificates) and the session header both run under the
     * header deadline, so a stalled ClientHello holds a slot no longer than a stalled plain header.
     */
    private void secure(SessionIo clear) throws IOException {
        ByteBuffer sniffed = clear.in.buffer();
        tls = TlsChannel.server(channel, rx.tls(), sniffed);
        tls.handshake();
        handshaken = true;
        String id = DeviceIdentity.peerIdOf(tls.peerCertificate().getPublicKey());
        // Room for the header and the largest frame: the SUMMARY is read before the session's
        // big buffer is taken (a held push must not hold 1 MiB).
        SessionIo io =
                io(
                        tls,
                        Protocol.SESSION_HEADER_SIZE
                                + Protocol.FRAME_HEADER_SIZE
                                + Protocol.MAX_FRAME_BODY);
        io.in.require(Protocol.PREAMBLE_SIZE);
        WireCodec.HeaderKind kind = WireCodec.classify(io.in.buffer());
        if (kind == WireCodec.HeaderKind.UNSUPPORTED_VERSION) {
            refuse(
                    io,
                    Protocol.E_UNSUPPORTED_VERSION,
                    "this receiver speaks version " + Protocol.VERSION);
            throw new ProtocolException(Protocol.E_UNSUPPORTED_VERSION, "unsupported version");
        }
        if (kind != WireCodec.HeaderKind.NATIVE) {
            refuse(io, Protocol.E_BAD_HEADER, "not a tft session header");
            throw new ProtocolException(Protocol.E_BAD_HEADER, "bad magic inside TLS");
        }
        io.in.require(Protocol.SESSION_HEADER_SIZE);
        SessionHeader h;
        try {
            h = WireCodec.decodeSessionHeader(io.in.buffer());
        } catch (ProtocolException e) {
            refuse(io, e.wireCode(), e.getMessage());
            throw e;
        }
        if (!h.peerId().equals(id)) {
            refuse(io, Protocol.E_DENIED, "the header's peer id is not the id of your key");
            throw new ProtocolException(
                    Protocol.E_DENIED,
                    "header claims id " + LogSafe.escape(h.peerId()) + " but the key is " + id);
        }
        String fp = DeviceIdentity.fingerprintOf(tls.peerCertificate().getPublicKey());
        nativeSession(io, new RemotePeer(id, fp, h.displayName(), from));
    }

    private void refuse(SessionIo io, int code, String message) throws IOException {
        io.out.send(new Frame.Reject(code, NativeSession.oneLine(message)));
        io.out.flush();
    }

    /**
     * Ends the header phase: the pre-header slot is freed and the idle timeout replaces the
     * deadline.
     */
    private void headerDone() {
        headerDone = true;
        releasePreHeader();
        guard.extend(ctx.idleNanos());
    }

    private void nativeSession(SessionIo io, RemotePeer peer) throws IOException {
        headerDone();
        if (rx.closing()) {
            refuse(io, Protocol.E_SHUTTING_DOWN, "receiver is shutting down");
            return;
        }
        Frame first = io.readFrame();
        if (first instanceof Frame.Pair p) {
            pair(io, peer, p);
            return;
        }
        if (!(first instanceof Frame.Summary sum)) {
            refuse(io, Protocol.E_PROTOCOL_ERROR, "a session starts with SUMMARY or PAIR");
            throw new ProtocolException(Protocol.E_PROTOCOL_ERROR, "no SUMMARY after the header");
        }
        IncomingPush push =
                new IncomingPush(
                        peer.id(),
                        peer.fingerprint(),
                        peer.name(),
                        remote(),
                        false,
                        sum.files(),
                        sum.bytes(),
                        sum.names());
        String refusal = admit(push, io);
        if (refusal != null) {
            refuse(io, Protocol.E_DENIED, refusal);
            ctx.listener.pushEnded(push, List.of(), TransferError.DENIED, refusal);
            return;
        }
        if (!rx.transfers().tryAcquire(from)) {
            refuse(
                    io,
                    Protocol.E_BUSY,
                    "all transfer slots (or this address's share of them) are in use");
            return;
        }
        ByteBuffer big = rx.buffers().take();
        NativeSession session = new NativeSession(ctx, io, peer);
        TransferError error = null;
        String message = "";
        try {
            io.in.swapBuffer(big);
            LocalIdentity self = rx.self();
            io.out.send(new Frame.Hello(Protocol.VERSION, self.peerId(), self.displayName()));
            session.run();
            if (session.failures() > 0) {
                error = session.lastFailure();
                message = session.failures() + " file(s) refused or failed";
            }
        } catch (IOException | RuntimeException e) {
            error =
                    e instanceof IOException ioe
                            ? FileReceive.connectionError(io, ioe)
                            : TransferError.IO_ERROR;
            message = LogSafe.escape(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            rx.buffers().give(big);
            rx.transfers().release(from);
            ctx.listener.pushEnded(push, session.stored(), error, message);
        }
    }

    /**
     * A pairing request (part A §11) instead of a push. It takes no transfer slot and no big
     * buffer; until HELLO it runs under the same bounds as a SUMMARY, from HELLO on under one
     * absolute pairing deadline that reads no longer extend (the owner's decision is part of it).
     */
    private void pair(SessionIo io, RemotePeer peer, Frame.Pair commit) throws IOException {
        if (commit.step() != Protocol.PAIR_COMMIT) {
            refuse(io, Protocol.E_PROTOCOL_ERROR, "a pairing starts with COMMIT");
            throw new ProtocolException(Protocol.E_PROTOCOL_ERROR, "pairing without COMMIT");
        }
        IncomingPair request =
                new IncomingPair(peer.id(), peer.fingerprint(), peer.name(), remote());
        PairingResponder responder = rx.pairing();
        PairingCallbacks callbacks = null;
        String refusal = PairingResponder.REFUSE_ALL.refusal(request);
        try {
            callbacks = responder.accept(request);
            if (callbacks == null) {
                refusal = Objects.requireNonNullElse(responder.refusal(request), refusal);
            }
        } catch (RuntimeException e) {
            LOG.error("pairing responder threw; refusing", e);
            callbacks = null;
        }
        if (callbacks == null) {
            refuse(io, Protocol.E_DENIED, refusal);
            return;
        }
        pairing = true;
        guard.extend(TimeUnit.SECONDS.toNanos(PairingCallbacks.TIMEOUT_SECONDS));
        LocalIdentity self = rx.self();
        io.out.send(new Frame.Hello(Protocol.VERSION, self.peerId(), self.displayName()));
        new PairingResponse(io, peer, self.device().fingerprint(), commit.data(), callbacks).run();
    }

    private InetSocketAddress remote() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return new InetSocketAddress(from, 0);
        }
    }

    /**
     * Runs the admission policy; returns null to receive, or the one-line reason to refuse. A
     * {@link Admission.Hold} parks this thread (the peer's deadline lifted: waiting is the owner's
     * doing) until the decision, telling a native sender PENDING first. Fails closed: a throwing
     * policy, an interrupted wait or a timeout refuse.
     */
    private String admit(IncomingPush push, SessionIo io) throws IOException {
        Admission.Decision d;
        try {
            d = rx.admission().decide(push);
        } catch (RuntimeException e) {
            LOG.error("admission policy threw; refusing", e);
            return "this receiver does not accept pushes from you";
        }
        if (d instanceof Admission.Admit) {
            return null;
        }
        if (d instanceof Admission.Refuse r) {
            return r.reason();
        }
        Admission.Hold hold = (Admission.Hold) d;
        io.localWork();
        try {
            if (!push.legacy()) {
                io.out.send(new Frame.Pending(Math.max(1, hold.timeout().toSeconds())));
                io.out.flush();
            }
            Boolean ok =
                    hold.outcome()
                            .get(hold.timeout().plus(HOLD_SLACK).toNanos(), TimeUnit.NANOSECONDS);
            return Boolean.TRUE.equals(ok) ? null : hold.refusal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return hold.refusal();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            return hold.refusal();
        } finally {
            hold.outcome().cancel(false); // no-op when decided; otherwise the policy forgets it
            io.peerTurn();
        }
    }

    private void legacy(SessionIo io, LegacyHeader h) throws IOException {
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
        if (rx.closing()) {
            throw new ProtocolException(Protocol.E_SHUTTING_DOWN, "legacy push refused: closing");
        }
        ctx.checkSize(h.size(), 0);
        IncomingPush push =
                new IncomingPush("", "", "", remote(), true, 1, h.size(), List.of(name));
        String refusal = admit(push, io);
        if (refusal != null) {
            ctx.listener.pushEnded(push, List.of(), TransferError.DENIED, refusal);
            throw new ProtocolException(Protocol.E_DENIED, "legacy push refused: " + refusal);
        }
        if (!rx.transfers().tryAcquire(from)) {
            throw new ProtocolException(Protocol.E_BUSY, "legacy push refused: no transfer slot");
        }
        ByteBuffer big = rx.buffers().take();
        try {
            RemotePeer peer = RemotePeer.legacy(from);
            io.in.swapBuffer(big);
            ReceivedFile stored = null;
            TransferError error = TransferError.INCOMPLETE;
            try {
                stored = LegacyReceive.run(ctx, io, peer, name, h.size());
                error = null;
            } catch (IOException e) {
                error = FileReceive.connectionError(io, e);
                throw e;
            } finally {
                ctx.listener.pushEnded(
                        push,
                        stored == null ? List.of() : List.of(stored),
                        error,
                        error == null ? "" : "legacy push failed");
            }
        } finally {
            rx.buffers().give(big);
            rx.transfers().release(from);
        }
    }
}
