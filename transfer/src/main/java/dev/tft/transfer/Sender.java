package dev.tft.transfer;

import dev.tft.transfer.tls.DeviceIdentity;
import dev.tft.transfer.tls.TlsChannel;
import dev.tft.transfer.tls.TlsContexts;
import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.LegacyHeader;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Pushes files and directory trees to a receiver (native protocol) or a single file in the seed's
 * legacy form. Each push is blocking and uses the calling thread plus one reader thread it owns;
 * interrupting the calling thread closes the connection and fails the push with {@link
 * TransferError#CANCELLED}. Thread-safe: concurrent pushes are independent. See {@code PROTOCOL.md
 * part A} and {@code transfer/CONCURRENCY.md}.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    /**
     * One watchdog thread for every sender in the JVM: closes a connection whose writes stall too
     * long.
     */
    private static final Watchdog WATCHDOG = new Watchdog("tft-tx-watchdog", System::nanoTime);

    private final LocalIdentity self;
    private final SenderOptions options;
    private final SSLContext tls;

    /** A sender that introduces itself as {@code self} (its device key authenticates it). */
    public Sender(LocalIdentity self, SenderOptions options) {
        this.self = Objects.requireNonNull(self, "self");
        this.options = Objects.requireNonNull(options, "options");
        this.tls = TlsContexts.create(self.device().privateKey(), self.device().certificate());
    }

    /** Like {@link #push(InetSocketAddress, String, List, TransferListener)} to whoever answers. */
    public PushResult push(InetSocketAddress target, List<Path> paths, TransferListener listener)
            throws TransferException {
        return push(target, null, paths, listener);
    }

    /**
     * Pushes {@code paths} (files and directories; trees keep their structure and empty
     * directories) over one TLS 1.3 connection. If {@code expectedPeerId} is non-null, the receiver
     * must prove that id with its key in the handshake, or the push fails with {@link
     * TransferError#IDENTITY_MISMATCH} before any byte of the session is sent; with null, any tft
     * receiver is accepted and {@link PushResult#receiverId()} says which key it proved. Returns
     * only after the receiver confirmed every entry as verified and stored; throws {@link
     * TransferException} on the first refusal or failure (entries confirmed before it stay stored).
     */
    public PushResult push(
            InetSocketAddress target,
            String expectedPeerId,
            List<Path> paths,
            TransferListener listener)
            throws TransferException {
        return push(target, expectedPeerId, plan(paths), listener);
    }

    /**
     * Walks {@code paths} once and checks every name, so that a push the receiver would refuse
     * fails here (BAD_NAME, SOURCE_UNREADABLE) and a caller knows the totals before connecting.
     */
    public static PushPlan plan(List<Path> paths) throws TransferException {
        return new PushPlan(SendPlan.build(List.copyOf(paths)));
    }

    /** Like {@link #push(InetSocketAddress, String, List, TransferListener)} with a ready plan. */
    public PushResult push(
            InetSocketAddress target,
            String expectedPeerId,
            PushPlan plan,
            TransferListener listener)
            throws TransferException {
        Objects.requireNonNull(target, "target");
        List<SendPlan.Item> items = plan.items();
        TransferListener safe = new SafeListener(Objects.requireNonNull(listener, "listener"));
        long total = plan.bytes();
        long start = System.nanoTime();
        Link link = new Link(target);
        try (link) {
            link.open(expectedPeerId);
            ReplyReader reader = link.startReader(() -> link.guard.extend(link.idle));
            PushSession s =
                    new PushSession(
                            link.secure,
                            reader,
                            link.guard::extend,
                            link.idle,
                            options.checksum(),
                            safe,
                            total);
            s.run(new SessionHeader(Protocol.VERSION, self.peerId(), self.displayName()), items);
            return new PushResult(
                    s.stored(),
                    s.wireBytes(),
                    Duration.ofNanos(System.nanoTime() - start),
                    link.receiver.peerId());
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "push cancelled");
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw link.explain(e);
        }
    }

    /**
     * Pairs with the receiver at {@code target} (part A §11): over one TLS 1.3 connection, both
     * sides derive the same 6-digit code from their keys and fresh nonces (this side commits to its
     * nonce first, so a relay cannot grind for a match), {@code callbacks.confirm} shows it to the
     * user and returns their decision, and the receiver's owner does the same. Blocks the calling
     * thread: up to the idle timeout for the receiver's HELLO, then at most {@link
     * PairingCallbacks#TIMEOUT_SECONDS} for the rest, the users' decisions included. {@code
     * callbacks.finished} is not called here: the result is the return value.
     *
     * <p>If {@code expectedPeerId} is non-null the receiver must prove that id with its key, or the
     * pairing fails with {@link TransferError#IDENTITY_MISMATCH} before any byte of the session is
     * sent. Returns a {@link PairResult} that is {@code paired} only if both users confirmed; only
     * then may the caller trust {@link PairResult#peerId()}. Throws {@link TransferException}:
     * {@code DENIED} with the receiver's reason if its owner is not pairing with us now, {@code
     * PROTOCOL_ERROR} if it found our commitment broken, {@code TIMEOUT}, {@code CANCELLED} when
     * the calling thread is interrupted, and the connect and handshake errors of {@link #push}.
     */
    public PairResult pair(
            InetSocketAddress target, String expectedPeerId, PairingCallbacks callbacks)
            throws TransferException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(callbacks, "callbacks");
        Link link = new Link(target);
        try (link) {
            link.open(expectedPeerId);
            PairingRequest request = new PairingRequest(link.secure, link.guard::extend, link.idle);
            ReplyReader reader = link.startReader(request::onActivity);
            return request.run(
                    new SessionHeader(Protocol.VERSION, self.peerId(), self.displayName()),
                    self.device().fingerprint(),
                    link.receiver,
                    reader,
                    callbacks);
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "pairing cancelled");
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw link.explain(e);
        }
    }

    /**
     * Fails with IDENTITY_MISMATCH unless the receiver proved the id we meant (if we meant one).
     */
    private static void checkIdentity(
            InetSocketAddress target, String expectedPeerId, String receiverId)
            throws TransferException {
        if (expectedPeerId != null && !expectedPeerId.equals(receiverId)) {
            throw new TransferException(
                    TransferError.IDENTITY_MISMATCH,
                    hostPort(target)
                            + " did not prove it is "
                            + LogSafe.escape(expectedPeerId)
                            + " (key mismatch: it holds the key of "
                            + receiverId
                            + ")");
        }
    }

    /**
     * Connects to {@code target}, completes the TLS handshake and closes again without starting a
     * session: which key does it hold? (Trust on first use: {@code tft trust PEER}.) Throws like
     * {@link #push} for connect and handshake failures.
     */
    public PeerKey identify(InetSocketAddress target) throws TransferException {
        Link link = new Link(target);
        try (link) {
            link.open(null);
            return link.receiver;
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw link.explain(e);
        }
    }

    /**
     * One authenticated connection to a receiver: the TCP connection and its watchdog guard, the
     * TLS session, the key the receiver proved, and (once started) the reply reader thread. Closing
     * it closes all of them, in that order, and joins the reader. Confined to the pushing thread.
     */
    private final class Link implements AutoCloseable {
        final InetSocketAddress target;
        final SocketChannel ch;
        final long idle = options.idleTimeout().toNanos();
        final Watchdog.Guard guard;
        TlsChannel secure;
        PeerKey receiver;
        private ReplyReader reader;
        private Thread readerThread;

        /** Connects (CONNECT_FAILED / CANCELLED on failure; nothing is left open then). */
        Link(InetSocketAddress target) throws TransferException {
            this.target = target;
            this.ch = connect(target);
            this.guard = WATCHDOG.guard(ch, idle);
        }

        /** The TLS handshake and the key check: IDENTITY_MISMATCH before any session byte. */
        void open(String expectedPeerId) throws IOException {
            secure = handshake(ch, target, guard);
            var key = secure.peerCertificate().getPublicKey();
            receiver = new PeerKey(DeviceIdentity.peerIdOf(key), DeviceIdentity.fingerprintOf(key));
            checkIdentity(target, expectedPeerId, receiver.peerId());
        }

        ReplyReader startReader(Runnable onActivity) {
            reader = new ReplyReader(secure, onActivity);
            readerThread = new Thread(reader, "tft-tx-reader");
            readerThread.setDaemon(true);
            readerThread.start();
            return reader;
        }

        TransferException explain(IOException e) {
            return Sender.explain(e, guard, reader);
        }

        @Override
        public void close() {
            if (secure != null) {
                secure.close();
            }
            guard.close();
            Receiver.closeQuietly(ch);
            if (readerThread != null) {
                joinQuietly(readerThread);
            }
        }
    }

    /**
     * The client side of the TLS 1.3 handshake, bounded by the idle guard. Mutual: the receiver
     * sees our device certificate, we see its.
     */
    private TlsChannel handshake(SocketChannel ch, InetSocketAddress target, Watchdog.Guard guard)
            throws IOException {
        TlsChannel t = TlsChannel.client(ch, tls);
        try {
            t.handshake();
            return t;
        } catch (SSLException e) {
            t.close();
            if (Thread.currentThread().isInterrupted()) {
                throw new TransferException(TransferError.CANCELLED, "push cancelled");
            }
            if (guard.expired()) {
                throw new TransferException(
                        TransferError.TIMEOUT,
                        "the TLS handshake with " + hostPort(target) + " did not finish in time");
            }
            if (String.valueOf(e.getMessage()).contains("nrecognized SSL message")) {
                // The first bytes back were not a TLS record: an HTTP server, a seed receiver.
                throw new TransferException(
                        TransferError.NOT_TFT,
                        hostPort(target)
                                + " did not answer in TLS: it is not a tft receiver, or one older"
                                + " than 0.2",
                        e);
            }
            throw new TransferException(
                    TransferError.TLS_FAILED,
                    "the TLS handshake with "
                            + hostPort(target)
                            + " failed ("
                            + LogSafe.escape(String.valueOf(e.getMessage()))
                            + "): it may be a tft older than 0.2, or not tft at all",
                    e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString())
                + ":"
                + a.getPort();
    }

    /**
     * Pushes one file in the seed's legacy form ({@code NAME|SIZE} header, raw bytes, no reply), in
     * clear text and unauthenticated by design. Success means every byte was written and the
     * receiver then closed the connection; nothing is verified end to end.
     */
    public PushResult pushLegacy(InetSocketAddress target, Path file, TransferListener listener)
            throws TransferException {
        List<SendPlan.Item> items = SendPlan.build(List.of(file));
        SendPlan.Item item = items.get(0);
        if (item.directory()) {
            throw new TransferException(
                    TransferError.SOURCE_UNREADABLE, "legacy form sends single files only");
        }
        TransferListener safe = new SafeListener(Objects.requireNonNull(listener, "listener"));
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try {
            WireCodec.encodeLegacyHeader(new LegacyHeader(item.path(), item.size()), buf);
        } catch (IllegalArgumentException e) {
            throw new TransferException(
                    TransferError.BAD_NAME, "name too long for the legacy header");
        }
        long start = System.nanoTime();
        SocketChannel ch = connect(target);
        long idle = options.idleTimeout().toNanos();
        Watchdog.Guard guard = WATCHDOG.guard(ch, idle);
        try (SourceFile src = SourceFile.open(item)) {
            safe.fileStarted(item.path(), item.size(), 0);
            long pos = 0;
            while (true) {
                pos += src.read(buf, pos, item.size());
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                    guard.extend(idle);
                }
                buf.clear();
                safe.progress(pos, item.size(), pos, item.size());
                if (pos == item.size()) {
                    break;
                }
            }
            src.checkUnchanged();
            ch.shutdownOutput();
            awaitClose(ch, guard, idle);
            safe.fileStored(item.path(), item.path(), item.size());
            return new PushResult(
                    List.of(new StoredFile(item.path(), item.path(), item.size())),
                    item.size(),
                    Duration.ofNanos(System.nanoTime() - start),
                    "");
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "push cancelled");
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw explain(e, guard, null);
        } finally {
            guard.close();
            Receiver.closeQuietly(ch);
        }
    }

    /**
     * Waits for the receiver's close (the seed closes after SIZE bytes); bytes it sends are
     * ignored.
     */
    private static void awaitClose(SocketChannel ch, Watchdog.Guard guard, long idle)
            throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(1024);
        while (ch.read(sink) >= 0) {
            sink.clear();
            guard.extend(idle);
        }
    }

    private SocketChannel connect(InetSocketAddress target) throws TransferException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket()
                    .connect(
                            target,
                            (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            return ch;
        } catch (IOException e) {
            if (ch != null) {
                Receiver.closeQuietly(ch);
            }
            if (Thread.currentThread().isInterrupted()
                    || e instanceof InterruptedIOException
                            && !(e instanceof SocketTimeoutException)) {
                throw new TransferException(TransferError.CANCELLED, "push cancelled");
            }
            throw new TransferException(
                    TransferError.CONNECT_FAILED, "cannot connect to " + target + ": " + e, e);
        }
    }

    /**
     * Turns a write failure into the most useful error: the receiver's own reason if it sent one.
     */
    private static TransferException explain(
            IOException e, Watchdog.Guard guard, ReplyReader reader) {
        if (guard.expired()) {
            return new TransferException(TransferError.TIMEOUT, "the receiver stalled", e);
        }
        if (e instanceof AsynchronousCloseException && Thread.currentThread().isInterrupted()) {
            return new TransferException(TransferError.CANCELLED, "push cancelled");
        }
        Frame refusal = reader == null ? null : reader.firstRefusal();
        if (refusal instanceof Frame.Failed f) {
            return OfferWindow.remote(f.code(), f.message(), "the receiver failed the push");
        }
        if (refusal instanceof Frame.Reject r) {
            return OfferWindow.remote(r.code(), r.message(), "the receiver refused the push");
        }
        return new TransferException(TransferError.CONNECTION_LOST, "connection lost: " + e, e);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shields the push from a throwing listener. */
    private static final class SafeListener implements TransferListener {
        private final TransferListener d;

        SafeListener(TransferListener d) {
            this.d = d;
        }

        @Override
        public void waiting(long timeoutSeconds) {
            try {
                d.waiting(timeoutSeconds);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }

        @Override
        public void fileStarted(String name, long size, long offset) {
            try {
                d.fileStarted(name, size, offset);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }

        @Override
        public void progress(long fileBytes, long fileSize, long totalBytes, long totalSize) {
            try {
                d.progress(fileBytes, fileSize, totalBytes, totalSize);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }

        @Override
        public void fileStored(String name, String storedName, long size) {
            try {
                d.fileStored(name, storedName, size);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }
    }
}
