package dev.tft.transfer;

import dev.tft.transfer.tls.TlsContexts;
import dev.tft.transfer.wire.Protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

/**
 * The port-5001 receiver: one accept thread, a bounded pool of connection threads (at most {@code
 * maxConnections + maxTransfers + 4}), one watchdog thread. Speaks the native protocol and the
 * seed's legacy form (see {@code PROTOCOL.md part A}); stores only into the inbox, through the safe
 * pipeline of {@link Inbox}. Thread-safe. See {@code transfer/CONCURRENCY.md}.
 */
public final class Receiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    static final int BUFFER_SIZE = 1 << 20;

    /** The transfer port tft listens on unless configured otherwise. */
    public static final int DEFAULT_PORT = Protocol.DEFAULT_PORT;

    /** The native protocol version this engine speaks (advertised in discovery). */
    public static final int PROTOCOL_VERSION = Protocol.VERSION;

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /** Resumable temps older than this are deleted by the sweep. */
    static final Duration RESUME_MAX_AGE = Duration.ofDays(7);

    /** At most this many resumable temps are kept by the sweep (newest first). */
    static final int RESUME_MAX_KEEP = 32;

    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final ReceiverConfig config;
    private final Admission admission;
    private final PairingResponder pairing;
    private final ReceiveContext ctx;
    private final SSLContext tls;
    private final Watchdog watchdog = new Watchdog("tft-rx-watchdog", System::nanoTime);
    private final AddressQuota preHeader;
    private final AddressQuota transfers;
    private final BufferPool buffers;
    private final ServerSocketChannel server;
    private final ThreadPoolExecutor pool;
    private final Thread acceptThread;
    private final Set<SocketChannel> live = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    private Receiver(
            ReceiverConfig config,
            ReceiverListener listener,
            Admission admission,
            PairingResponder pairing,
            Inbox inbox,
            ServerSocketChannel server) {
        this.config = config;
        this.admission = admission;
        this.pairing = pairing;
        this.ctx = new ReceiveContext(inbox, config.limits(), listener, new RateLimitedLog(LOG));
        this.tls =
                TlsContexts.create(
                        config.self().device().privateKey(), config.self().device().certificate());
        this.server = server;
        ReceiverLimits l = config.limits();
        this.preHeader = new AddressQuota(l.maxConnections(), l.maxConnectionsPerAddress());
        this.transfers = new AddressQuota(l.maxTransfers(), l.maxTransfersPerAddress());
        this.buffers = new BufferPool(BUFFER_SIZE, l.maxTransfers());
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        0,
                        l.maxConnections() + l.maxTransfers() + 4,
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "tft-rx-conn-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.acceptThread = new Thread(this::acceptLoop, "tft-rx-accept");
        acceptThread.setDaemon(true);
    }

    /** Like {@link #start(ReceiverConfig, ReceiverListener, Admission)} admitting every peer. */
    public static Receiver start(ReceiverConfig config, ReceiverListener listener)
            throws IOException {
        return start(config, listener, Admission.ALLOW_ALL);
    }

    /**
     * Like {@link #start(ReceiverConfig, ReceiverListener, Admission, PairingResponder)} refusing
     * every pairing request ({@link PairingResponder#REFUSE_ALL}).
     */
    public static Receiver start(
            ReceiverConfig config, ReceiverListener listener, Admission admission)
            throws IOException {
        return start(config, listener, admission, PairingResponder.REFUSE_ALL);
    }

    /**
     * Sweeps stale temps in the inbox, binds, and starts accepting. Pushes go through {@code
     * admission}; pairing requests (part A §11) through {@code pairing}. Throws if the inbox is not
     * an existing directory or the address cannot be bound.
     */
    public static Receiver start(
            ReceiverConfig config,
            ReceiverListener listener,
            Admission admission,
            PairingResponder pairing)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(pairing, "pairing");
        Inbox inbox = Inbox.open(config.inbox());
        ServerSocketChannel server = null;
        try {
            inbox.sweep(Instant.now(), RESUME_MAX_AGE, RESUME_MAX_KEEP);
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(config.bindAddress(), 128);
        } catch (IOException | RuntimeException e) {
            inbox.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
        Receiver r = new Receiver(config, listener, admission, pairing, inbox, server);
        r.acceptThread.start();
        return r;
    }

    /** The bound address (with the real port when port 0 was configured). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            return config.bindAddress();
        }
    }

    /** A snapshot of files being received now. Thread-safe. */
    public List<ActiveTransfer> activeTransfers() {
        return ctx.activeTransfers();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // EMFILE and friends (RES-10): back off instead of spinning.
                ctx.peerLog.warn("accept failed", String.valueOf(e.getMessage()));
                pause();
                continue;
            }
            try {
                dispatch(ch);
            } catch (RuntimeException e) {
                LOG.error("accept loop survived an unexpected error", e);
                closeQuietly(ch);
            }
        }
    }

    private void dispatch(SocketChannel ch) {
        InetAddress from;
        try {
            from = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        if (!preHeader.tryAcquire(from)) {
            closeQuietly(ch); // RES-01: over the cap, refuse without reading a byte
            ctx.peerLog.warn("pre-header connection cap reached", from.getHostAddress());
            return;
        }
        live.add(ch);
        try {
            pool.execute(new Connection(this, ch, from));
        } catch (RejectedExecutionException e) {
            live.remove(ch);
            preHeader.release(from);
            closeQuietly(ch);
            ctx.peerLog.warn("no connection thread free", from.getHostAddress());
        }
    }

    // The header phase (Connection) works with these; sessions see only the ReceiveContext.

    ReceiveContext context() {
        return ctx;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    AddressQuota preHeader() {
        return preHeader;
    }

    /**
     * Transfer slots: {@link ReceiverLimits#maxTransfers()} overall and at most {@link
     * ReceiverLimits#maxTransfersPerAddress()} per remote address, so one host cannot hold every
     * slot.
     */
    AddressQuota transfers() {
        return transfers;
    }

    BufferPool buffers() {
        return buffers;
    }

    Admission admission() {
        return admission;
    }

    PairingResponder pairing() {
        return pairing;
    }

    LocalIdentity self() {
        return config.self();
    }

    SSLContext tls() {
        return tls;
    }

    void connectionEnded(SocketChannel ch) {
        live.remove(ch);
        maybeSweep();
    }

    /**
     * Re-runs the temp sweep at most once an hour, on whichever connection thread ends first after
     * that, so abandoned resumable temps stay bounded in a long-running daemon too.
     */
    private void maybeSweep() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL.toNanos()
                || !lastSweep.compareAndSet(last, now)
                || closed.get()) {
            return;
        }
        try {
            ctx.inbox.sweep(Instant.now(), RESUME_MAX_AGE, RESUME_MAX_KEEP);
        } catch (IOException | RuntimeException e) {
            LOG.warn("sweeping stale temps failed: {}", e.toString());
        }
    }

    boolean closing() {
        return closed.get();
    }

    /**
     * Stops accepting, closes every connection (resumable temps are synced and kept, others deleted
     * by their threads), waits up to 10 s for connection threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        for (SocketChannel ch : live) {
            closeQuietly(ch);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
            acceptThread.join(CLOSE_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.close();
        try {
            ctx.inbox.close();
        } catch (IOException ignored) {
            // Nothing left to do with the directory handle.
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing on an error path: nothing more to report.
        }
    }
}
