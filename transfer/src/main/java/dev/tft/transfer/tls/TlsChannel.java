package dev.tft.transfer.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS 1.3 with mutual authentication over a blocking {@link SocketChannel}, driven by an {@link
 * SSLEngine}. Create with {@link #client} or {@link #server}, call {@link #handshake()}, check
 * {@link #peerCertificate()} against the peer you expect (see {@link TlsContexts}), then read and
 * write as on the socket.
 *
 * <p><b>Threads.</b> One reader thread and one writer thread may use the channel at the same time:
 * reads and writes hold separate locks, and the JDK's {@code SSLEngine} is safe for a concurrent
 * {@code wrap} and {@code unwrap} (it runs them one at a time on an internal lock, so one
 * connection encrypts and decrypts on about one core in all). Several readers, or several writers,
 * are serialised. {@link #handshake()} takes both locks. {@link #close()} and {@link #isOpen()} may
 * be called from any thread; closing the underlying socket from another thread (a watchdog) makes a
 * blocked {@code handshake}, {@code read} or {@code write} fail at once with an {@link
 * IOException}, as on the bare socket.
 *
 * <p><b>Client authentication failures.</b> In TLS 1.3 the client finishes its handshake before the
 * server has checked the client's certificate: the server learns that the certificate is bad when
 * it processes the client's Finished, after the client's {@link #handshake()} has returned. A
 * client whose certificate is refused therefore sees the failure on its first {@link #read}: an
 * {@link javax.net.ssl.SSLHandshakeException} for the server's alert ({@code bad_certificate},
 * {@code certificate_unknown}) or, if the server's close overtakes the alert, a reset or an end of
 * stream with {@link #closedCleanly()} false. Its first writes may even succeed into the socket
 * buffer. Protocols must not treat a completed client handshake as acceptance: wait for the
 * server's first message.
 *
 * <p><b>Post-handshake messages.</b> tft never resumes sessions: each handshake session is
 * invalidated, so a tft server sends no NewSessionTicket (a client that only writes would otherwise
 * sit on an unread ticket, and closing a socket with unread input makes the kernel send a reset
 * that can destroy data the peer has not read yet). A ticket from another server is consumed and
 * dropped by {@link #read}. Either side may send a KeyUpdate (the JDK does so at its key usage
 * limit, 2^37 bytes for AES-GCM). {@link #read} consumes it; when it asks for an answer the engine
 * queues one, which the reader sends if the write lock is free and otherwise the writer's next
 * {@code wrap} sends before any application data. The reader never waits for the write lock: two
 * peers whose writers are both blocked on full sockets while their readers answer a KeyUpdate would
 * otherwise deadlock.
 *
 * <p><b>Buffers.</b> Socket-side buffers start at one TLS record and grow to about 1 MiB (direct)
 * once the connection carries bulk data: a read that fills the input buffer grows it, a write of
 * more than one record grows the output buffer. Large buffers batch system calls (a 1 MiB write is
 * one {@code write(2)}, not 64); starting small keeps connections that are idle, or still in the
 * handshake, from pinning direct memory (the daemon runs with a small {@code MaxDirectMemorySize}).
 */
public final class TlsChannel implements ByteChannel {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    // AES-GCM has AES-NI/CLMUL intrinsics on Java 17; ChaCha20-Poly1305 does not, so it could only
    // ever be chosen to be slower. Every tft peer runs a JDK with both AES-GCM suites.
    private static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"
    };

    /** Socket reads are batched into up to this many bytes once data flows in bulk. */
    static final int BULK_IN = 1 << 20;

    /** Records are collected up to about this many bytes before a socket write. */
    static final int BULK_OUT = 1 << 20;

    // Engine calls in a row that neither consume nor produce anything before we give up rather
    // than spin. The JDK legitimately returns a few (a FINISHED status, a pending task).
    private static final int STALL_LIMIT = 8;

    // Stands for "read from the socket or resized a buffer": progress not seen by the engine.
    private static final SSLEngineResult MADE_ROOM =
            new SSLEngineResult(SSLEngineResult.Status.OK, HandshakeStatus.NEED_UNWRAP, 0, 0);

    private final SocketChannel ch;
    private final SSLEngine engine;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();

    // Guarded by readLock. netIn is in read mode (position..limit = unread bytes from the socket);
    // appIn in write mode (0..position = decrypted bytes not yet handed to the caller).
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private boolean inboundDone;

    // Guarded by writeLock. netOut is in write mode (0..position = records not yet written).
    private ByteBuffer netOut;
    private final ByteBuffer noAppOut = ByteBuffer.allocate(0);
    private boolean outboundClosed;

    // Record sizes of the negotiated session; written by handshake() under both locks.
    private int packetSize;
    private int appRecordSize;

    private volatile boolean handshakeDone;
    private volatile boolean closedCleanly;
    private volatile X509Certificate peer;
    // The first engine failure; the engine is unusable afterwards (and would report CLOSED, which
    // must not be mistaken for a close_notify).
    private volatile SSLException failure;

    private TlsChannel(SocketChannel ch, SSLEngine engine, ByteBuffer alreadyRead) {
        this.ch = ch;
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.appRecordSize = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocateDirect(Math.max(packetSize, alreadyRead.remaining()));
        this.netIn.put(alreadyRead).flip();
        this.appIn = ByteBuffer.allocateDirect(appRecordSize);
        this.netOut = ByteBuffer.allocateDirect(packetSize);
    }

    /**
     * The client end over {@code ch}, which must be connected and blocking. The engine has no peer
     * host or port: no session resumption and no hostname check (peers are pinned by key).
     *
     * @throws IllegalArgumentException if {@code ch} is in non-blocking mode
     */
    public static TlsChannel client(SocketChannel ch, SSLContext ctx) {
        return new TlsChannel(ch, engine(ch, ctx, true), ByteBuffer.allocate(0));
    }

    /**
     * The server end over {@code ch}, which must be connected and blocking. {@code alreadyRead}
     * holds bytes the caller already took from the socket (the sniffed first byte); they are fed to
     * the engine before anything else is read. It may be empty; it is copied (from its position to
     * its limit) and not modified. Client authentication is required.
     *
     * @throws IllegalArgumentException if {@code ch} is in non-blocking mode
     */
    public static TlsChannel server(SocketChannel ch, SSLContext ctx, ByteBuffer alreadyRead) {
        return new TlsChannel(ch, engine(ch, ctx, false), alreadyRead.duplicate());
    }

    private static SSLEngine engine(SocketChannel ch, SSLContext ctx, boolean client) {
        Objects.requireNonNull(ch, "ch");
        if (!ch.isBlocking()) {
            throw new IllegalArgumentException("the socket channel must be in blocking mode");
        }
        SSLEngine e = ctx.createSSLEngine();
        // Before the parameters: switching mode may reset protocols and suites to the defaults.
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setCipherSuites(supported(e.getSupportedCipherSuites()));
        // Both ends list the same suites in the same order; the server's order decides.
        p.setUseCipherSuitesOrder(true);
        p.setEndpointIdentificationAlgorithm(null);
        if (!client) {
            p.setNeedClientAuth(true);
        }
        e.setSSLParameters(p);
        return e;
    }

    private static String[] supported(String[] available) {
        List<String> have = List.of(available);
        List<String> use = new ArrayList<>();
        for (String s : CIPHER_SUITES) {
            if (have.contains(s)) {
                use.add(s);
            }
        }
        if (use.isEmpty()) {
            throw new IllegalStateException("no AES-GCM TLS 1.3 cipher suite in this JDK");
        }
        return use.toArray(new String[0]);
    }

    /**
     * Runs the TLS handshake to completion, blocking; delegated tasks (certificate checks) run on
     * the calling thread. Returns at once if the handshake is already done. On the client it
     * returns after the server's Finished has been verified and the client's own Finished written;
     * the server may still refuse the client's certificate afterwards (see the class comment). On
     * failure the engine's alert is sent if possible; the caller must still {@link #close()}.
     *
     * @throws SSLException if the peer or its certificate is refused, or the peer is not speaking
     *     TLS 1.3; the cause carries the detail (a {@code CertificateException} for a refused
     *     certificate)
     * @throws IOException if the socket fails or is closed (for instance by a watchdog)
     */
    public void handshake() throws IOException {
        readLock.lock();
        writeLock.lock();
        try {
            if (handshakeDone) {
                return;
            }
            throwIfFailed();
            engine.beginHandshake();
            SSLSession dropped = null;
            int idle = 0;
            boolean finished = false;
            while (!finished) {
                // An invalidated session is never cached and gets no NewSessionTicket (see the
                // class comment). The server's session appears once ClientHello is read.
                SSLSession hs = engine.getHandshakeSession();
                if (hs != null && hs != dropped) {
                    hs.invalidate();
                    dropped = hs;
                }
                SSLEngineResult r;
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK:
                        runTasks();
                        continue;
                    case NEED_WRAP:
                        r = handshakeWrap();
                        break;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        r = handshakeUnwrap();
                        break;
                    default:
                        // NOT_HANDSHAKING before FINISHED was reported: nothing left to do.
                        finished = true;
                        continue;
                }
                finished = r.getHandshakeStatus() == HandshakeStatus.FINISHED;
                idle = progressed(r) || finished ? 0 : idle + 1;
                if (idle > STALL_LIMIT) {
                    // A loop that no longer touches the socket could not be ended by a watchdog.
                    throw new SSLHandshakeException("TLS engine stalled in the handshake: " + r);
                }
            }
            // Anything the engine still queued after FINISHED (nothing, as no ticket is sent).
            wrapPendingLocked();
            flush();
            Certificate[] chain = engine.getSession().getPeerCertificates();
            peer = (X509Certificate) chain[0];
            packetSize = engine.getSession().getPacketBufferSize();
            appRecordSize = engine.getSession().getApplicationBufferSize();
            if (appIn.capacity() < appRecordSize) {
                appIn = grow(appIn, appRecordSize);
            }
            handshakeDone = true;
        } catch (SSLException e) {
            fail(e);
            sendAlertQuietly();
            throw e;
        } finally {
            writeLock.unlock();
            readLock.unlock();
        }
    }

    /** One handshake wrap (a buffer overflow is resolved and reported as progress). */
    private SSLEngineResult handshakeWrap() throws IOException {
        if (netOut.remaining() < packetSize) {
            flush();
        }
        SSLEngineResult r = engine.wrap(noAppOut, netOut);
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW:
                makeRoomOut();
                return MADE_ROOM;
            case CLOSED:
                // The engine gave up and produced its alert instead of a handshake message.
                flush();
                throw new SSLHandshakeException("TLS engine closed during the handshake");
            default:
                // A flight (Certificate, CertificateVerify, Finished) is collected by successive
                // wraps and written by the next unwrap's flush: one segment per flight.
                return r;
        }
    }

    /** One handshake unwrap; reads from the socket when the engine needs more. */
    private SSLEngineResult handshakeUnwrap() throws IOException {
        // The peer is waiting for our flight before it says anything more.
        flush();
        // Application data that arrives with the peer's last flight lands in appIn for read().
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW:
                if (!fill()) {
                    throw new SSLHandshakeException(
                            "the peer closed the connection during the TLS handshake");
                }
                return MADE_ROOM;
            case BUFFER_OVERFLOW:
                appIn = grow(appIn, Math.max(2 * appIn.capacity(), appRecordSize));
                return MADE_ROOM;
            case CLOSED:
                throw new SSLHandshakeException("the peer closed TLS during the handshake");
            default:
                return r;
        }
    }

    /** True if the engine consumed or produced something (or ran into a buffer limit we fixed). */
    private static boolean progressed(SSLEngineResult r) {
        return r == MADE_ROOM
                || r.bytesConsumed() > 0
                || r.bytesProduced() > 0
                || r.getHandshakeStatus() == HandshakeStatus.NEED_TASK;
    }

    /**
     * The peer's leaf certificate, as verified by the context's trust manager. Derive the peer's id
     * from its public key and compare it with the expected one; the TLS layer accepts any
     * well-formed self-signed certificate.
     *
     * @throws IllegalStateException if {@link #handshake()} has not completed
     */
    public X509Certificate peerCertificate() {
        X509Certificate p = peer;
        if (p == null) {
            throw new IllegalStateException("the TLS handshake has not completed");
        }
        return p;
    }

    /**
     * Reads and decrypts into {@code dst}; blocks until at least one byte is available. Returns -1
     * at the end of the stream: after the peer's close_notify ({@link #closedCleanly()} true) or a
     * TCP end of stream without one ({@link #closedCleanly()} false: the data may be truncated).
     * Whole records are decrypted straight into {@code dst} while it has room for one; smaller
     * buffers are served through an internal buffer. Socket reads are as large as the input buffer
     * allows.
     *
     * @throws SSLException if the peer sent an alert or a corrupt record; every later read and
     *     write throws too
     * @throws IOException if the socket fails or is closed
     * @throws IllegalStateException if {@link #handshake()} has not completed
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        readLock.lock();
        try {
            requireHandshake();
            throwIfFailed();
            if (appIn.position() > 0) {
                return drainAppIn(dst);
            }
            if (inboundDone) {
                return -1;
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            int start = dst.position();
            boolean viaAppIn = false;
            int idle = 0;
            while (true) {
                boolean direct = !viaAppIn && dst.remaining() >= appRecordSize;
                if (!direct && dst.position() > start) {
                    // No room for another whole record; hand over what we have.
                    return dst.position() - start;
                }
                SSLEngineResult r = unwrap(direct ? dst : appIn);
                switch (r.getStatus()) {
                    case OK:
                        afterUnwrap(r);
                        if (!direct && appIn.position() > 0) {
                            return drainAppIn(dst);
                        }
                        idle = progressed(r) ? 0 : idle + 1;
                        if (idle > STALL_LIMIT) {
                            throw new SSLException("TLS engine made no progress: " + r);
                        }
                        break;
                    case BUFFER_UNDERFLOW:
                        if (dst.position() > start) {
                            // Never block for more while we have something to return.
                            return dst.position() - start;
                        }
                        if (!fill()) {
                            // TCP end of stream without close_notify: maybe truncated. The engine's
                            // closeInbound() would only throw about it; closedCleanly() tells.
                            inboundDone = true;
                            return -1;
                        }
                        break;
                    case BUFFER_OVERFLOW:
                        if (direct) {
                            viaAppIn = true;
                        } else {
                            appIn = grow(appIn, Math.max(2 * appIn.capacity(), appRecordSize));
                        }
                        break;
                    case CLOSED:
                        // close_notify (an alert would have thrown). In TLS 1.3 our output stays
                        // open: the peer may still read what we write.
                        inboundDone = true;
                        closedCleanly = true;
                        afterUnwrap(r);
                        return dst.position() > start ? dst.position() - start : -1;
                    default:
                        throw new SSLException("unexpected unwrap status " + r.getStatus());
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * True once the peer has closed its side with a TLS close_notify; false after a bare TCP end of
     * stream, which may have cut the data short.
     */
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /**
     * Encrypts and writes all of {@code src}, blocking; returns the number of bytes consumed (all
     * of them). Records are collected in the output buffer and written when it cannot take another
     * or {@code src} is drained, so a 1 MiB write costs about one system call.
     *
     * @throws SSLException if the connection failed earlier or its output is closed ({@link
     *     #closeOutbound()})
     * @throws IOException if the socket fails or is closed
     * @throws IllegalStateException if {@link #handshake()} has not completed
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            requireHandshake();
            throwIfFailed();
            if (outboundClosed) {
                throw new SSLException("TLS output already closed");
            }
            int consumed = 0;
            int idle = 0;
            // Two packets of slack: the JDK puts 16383 bytes in a record, so 1 MiB takes 65
            // records (1 MiB + 1.4 KiB), and wrap wants a whole packet free before each.
            if (src.remaining() > appRecordSize && netOut.capacity() < BULK_OUT + 2 * packetSize) {
                netOut = grow(netOut, BULK_OUT + 2 * packetSize);
            }
            while (src.hasRemaining()) {
                if (netOut.remaining() < packetSize) {
                    flush();
                }
                SSLEngineResult r = wrap(src);
                switch (r.getStatus()) {
                    case OK:
                        consumed += r.bytesConsumed();
                        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                            runTasks();
                        }
                        idle = progressed(r) ? 0 : idle + 1;
                        if (idle > STALL_LIMIT) {
                            // After the handshake wrap never waits for unwrap; fail, don't spin.
                            throw new SSLException("TLS engine made no progress: " + r);
                        }
                        break;
                    case BUFFER_OVERFLOW:
                        makeRoomOut();
                        break;
                    case CLOSED:
                        // The engine closed its output itself: after a fatal alert (maybe just
                        // received by the reader), or a close_notify the JDK is told to answer.
                        flush();
                        SSLException f = failure;
                        throw f != null
                                ? new SSLException("TLS connection failed: " + f.getMessage(), f)
                                : new SSLException("TLS output closed");
                    default:
                        throw new SSLException("unexpected wrap status " + r.getStatus());
                }
            }
            flush();
            return consumed;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends close_notify: the peer reads the end of the stream, this end may go on reading (TLS 1.3
     * half-close, like {@code shutdownOutput}). Later writes throw. Does nothing if the output is
     * already closed. Blocks like {@link #write}.
     *
     * @throws IOException if the socket fails or is closed
     * @throws IllegalStateException if {@link #handshake()} has not completed
     */
    public void closeOutbound() throws IOException {
        writeLock.lock();
        try {
            requireHandshake();
            closeOutboundLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /** True while the underlying socket is open. */
    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    /**
     * Sends close_notify if that can be done without waiting for a writer (best effort; it may
     * block in the socket write if the peer has stopped reading and the send buffer is full), then
     * closes the socket. A watchdog should close the {@link SocketChannel} itself, which never
     * blocks. Idempotent; any thread. Throws nothing: once the socket is being closed there is
     * nothing useful a caller could do about a failure.
     *
     * <p>Closing while data from the peer is still unread makes the kernel send a reset instead of
     * a FIN, which can destroy what the peer has not read yet, this close_notify included. For an
     * orderly end, {@link #closeOutbound()} and read to -1 first.
     */
    @Override
    public void close() {
        try {
            if (handshakeDone && failure == null && ch.isOpen() && writeLock.tryLock()) {
                try {
                    closeOutboundLocked();
                } catch (IOException | RuntimeException ignored) {
                    // Best effort: the peer then sees a TCP end of stream instead.
                } finally {
                    writeLock.unlock();
                }
            }
        } finally {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing a socket fails only if it is already broken; it is released either way.
            }
        }
    }

    /** The engine's session (protocol, cipher suite); package-private for tests. */
    SSLSession session() {
        return engine.getSession();
    }

    /**
     * Sends a TLS 1.3 KeyUpdate that also asks the peer to update its keys (the JDK does this by
     * itself at its key usage limits). Package-private: tests exercise the post-handshake path.
     */
    void requestKeyUpdate() throws IOException {
        writeLock.lock();
        try {
            requireHandshake();
            throwIfFailed();
            // Refused (SSLException) once the peer's close_notify has arrived.
            engine.beginHandshake();
            wrapPendingLocked();
            flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void closeOutboundLocked() throws IOException {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            if (netOut.remaining() < packetSize) {
                flush();
            }
            SSLEngineResult r = wrap(noAppOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                makeRoomOut();
            } else if (r.bytesProduced() == 0) {
                break;
            }
        }
        flush();
    }

    /** After an unwrap: runs tasks and answers a post-handshake message if it needs an answer. */
    private void afterUnwrap(SSLEngineResult r) throws IOException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        // tryLock, never lock: a writer blocked on a full socket while its peer's reader waits for
        // its own write lock would deadlock both ends. A busy writer's next wrap sends the answer.
        if (hs == HandshakeStatus.NEED_WRAP && writeLock.tryLock()) {
            try {
                if (!outboundClosed) {
                    wrapPendingLocked();
                    flush();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Wraps queued handshake messages (no application data) into netOut. Needs writeLock. */
    private void wrapPendingLocked() throws IOException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            if (netOut.remaining() < packetSize) {
                flush();
            }
            SSLEngineResult r = wrap(noAppOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                makeRoomOut();
            } else if (r.bytesProduced() == 0) {
                break;
            }
        }
    }

    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        try {
            return engine.unwrap(netIn, dst);
        } catch (SSLException e) {
            fail(e);
            // The engine has queued an alert for the peer; send it unless a writer is busy.
            if (writeLock.tryLock()) {
                try {
                    sendAlertQuietly();
                } finally {
                    writeLock.unlock();
                }
            }
            throw e;
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        try {
            return engine.wrap(src, netOut);
        } catch (SSLException e) {
            fail(e);
            throw e;
        }
    }

    /** Writes whatever the engine still has to say (a fatal alert) and ignores failures. */
    private void sendAlertQuietly() {
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (netOut.remaining() < packetSize) {
                    flush();
                }
                if (engine.wrap(noAppOut, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            flush();
        } catch (IOException | RuntimeException ignored) {
            // The connection is failing anyway; the peer then sees a bare end of stream.
        }
    }

    private void fail(SSLException e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void throwIfFailed() throws SSLException {
        SSLException f = failure;
        if (f != null) {
            throw new SSLException("TLS connection failed earlier: " + f.getMessage(), f);
        }
    }

    private void requireHandshake() {
        if (!handshakeDone) {
            throw new IllegalStateException("the TLS handshake has not completed");
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) {
            t.run();
        }
    }

    /** Moves decrypted bytes from appIn to dst. Needs readLock. */
    private int drainAppIn(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit).compact();
        return n;
    }

    /**
     * Reads once from the socket into netIn; false at TCP end of stream. Grows netIn to {@link
     * #BULK_IN} when a read fills it after the handshake: the peer is streaming. Needs readLock.
     */
    private boolean fill() throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                // A record larger than the buffer (a handshake flight before the sizes are known).
                netIn = grow(netIn, Math.max(2 * netIn.capacity(), packetSize));
            }
            int n = ch.read(netIn);
            if (n < 0) {
                return false;
            }
            if (handshakeDone && !netIn.hasRemaining() && netIn.capacity() < BULK_IN) {
                netIn = grow(netIn, BULK_IN);
            }
            return true;
        } finally {
            netIn.flip();
        }
    }

    /** Writes out netOut completely. Needs writeLock. */
    private void flush() throws IOException {
        if (netOut.position() == 0) {
            return;
        }
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                ch.write(netOut);
            }
        } finally {
            netOut.compact();
        }
    }

    /** After a wrap overflow: write out what is buffered, or grow if it was empty. */
    private void makeRoomOut() throws IOException {
        if (netOut.position() > 0) {
            flush();
        } else {
            int packet = engine.getSession().getPacketBufferSize();
            netOut = grow(netOut, Math.max(2 * netOut.capacity(), packet));
        }
    }

    /** A larger direct copy of {@code b}, which is in write mode (0..position = content). */
    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(capacity);
        b.flip();
        bigger.put(b);
        return bigger;
    }
}
