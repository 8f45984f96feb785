package dev.tft.transfer.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.util.concurrent.TimeUnit.SECONDS;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** {@link TlsChannel} and {@link TlsContexts} over real loopback sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsChannelTest {
    private static final char[] PW = "changeit".toCharArray();
    private static final int MIB = 1 << 20;

    /** A private key and the certificate that goes with it. */
    record Id(PrivateKey key, X509Certificate cert) {}

    @TempDir static Path dir;

    static Id alice;
    static Id bob;
    static Id rsa;
    static Id ed;

    /** Carol's key, with a certificate issued by Alice (so not self-signed). */
    static Id carol;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void identities() throws Exception {
        alice = generate("alice", "-keyalg", "EC", "-groupname", "secp256r1");
        bob = generate("bob", "-keyalg", "EC", "-groupname", "secp256r1");
        rsa = generate("rsa", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA");
        ed = generate("ed", "-keyalg", "Ed25519", "-sigalg", "Ed25519");
        Id carolSelf = generate("carol", "-keyalg", "EC", "-groupname", "secp256r1");
        Path csr = dir.resolve("carol.csr");
        Path crt = dir.resolve("carol.crt");
        keytool("-certreq", "-alias", "carol", "-keystore", store("carol"), "-file", csr);
        keytool(
                "-gencert",
                "-alias",
                "alice",
                "-keystore",
                store("alice"),
                "-infile",
                csr,
                "-outfile",
                crt,
                "-sigalg",
                "SHA256withECDSA",
                "-validity",
                "3650");
        try (InputStream in = Files.newInputStream(crt)) {
            X509Certificate issued =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(in);
            carol = new Id(carolSelf.key(), issued);
        }
    }

    private static Id generate(String name, String... keyArgs) throws Exception {
        List<Object> args = new ArrayList<>(List.of("-genkeypair", "-alias", name));
        args.addAll(List.of((Object[]) keyArgs));
        if (!List.of(keyArgs).contains("-sigalg")) {
            args.addAll(List.of("-sigalg", "SHA256withECDSA"));
        }
        args.addAll(
                List.of(
                        "-dname",
                        "CN=test",
                        "-validity",
                        "3650",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store(name)));
        keytool(args.toArray());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(name))) {
            ks.load(in, PW);
        }
        return new Id((PrivateKey) ks.getKey(name, PW), (X509Certificate) ks.getCertificate(name));
    }

    private static Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private static void keytool(Object... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            cmd.add(a.toString());
        }
        cmd.addAll(List.of("-storepass", new String(PW), "-noprompt"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, SECONDS), "keytool timed out");
        assertEquals(0, p.exitValue(), () -> cmd + ": " + new String(out, StandardCharsets.UTF_8));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    // ---- connection plumbing

    /** Both ends of one loopback TCP connection, not yet TLS. */
    record Tcp(SocketChannel client, SocketChannel server) {}

    private Tcp tcp() throws IOException {
        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel c = SocketChannel.open(ss.getLocalAddress());
            SocketChannel s = ss.accept();
            open.add(c);
            open.add(s);
            return new Tcp(c, s);
        }
    }

    /** Both TLS ends, handshaken (the server on another thread). */
    record Tls(TlsChannel client, TlsChannel server, Tcp tcp) {}

    private Tls connect(SSLContext clientCtx, SSLContext serverCtx) throws Exception {
        Tcp t = tcp();
        TlsChannel c = TlsChannel.client(t.client(), clientCtx);
        TlsChannel s = TlsChannel.server(t.server(), serverCtx, ByteBuffer.allocate(0));
        open.add(c);
        open.add(s);
        Task<Void> hs = spawn("server-handshake", () -> handshake(s));
        c.handshake();
        hs.get();
        return new Tls(c, s, t);
    }

    private static Void handshake(TlsChannel ch) throws IOException {
        ch.handshake();
        return null;
    }

    /** A thread running a callable; its result is awaited with a bound. */
    record Task<T>(Thread thread, FutureTask<T> future) {
        T get() throws Exception {
            return future.get(30, SECONDS);
        }

        /** The exception the task ended with, within {@code seconds}. */
        Throwable failure(int seconds) throws Exception {
            ExecutionException e =
                    assertThrows(ExecutionException.class, () -> future.get(seconds, SECONDS));
            return e.getCause();
        }
    }

    private static <T> Task<T> spawn(String name, Callable<T> body) {
        FutureTask<T> f = new FutureTask<>(body);
        Thread t = new Thread(f, name);
        t.setDaemon(true);
        t.start();
        return new Task<>(t, f);
    }

    private static SSLContext ctx(Id id) {
        return TlsContexts.create(id.key(), id.cert());
    }

    // ---- data plumbing

    /** Writes {@code size} seeded random bytes in {@code chunk}-byte writes; returns their hash. */
    private static byte[] send(TlsChannel ch, long size, int chunk, boolean direct, long seed)
            throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random r = new Random(seed);
        byte[] b = new byte[chunk];
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(chunk, left);
            r.nextBytes(b);
            md.update(b, 0, n);
            buf.clear();
            buf.put(b, 0, n).flip();
            int written = ch.write(buf);
            assertEquals(n, written);
            assertFalse(buf.hasRemaining());
            left -= n;
        }
        return md.digest();
    }

    /** Reads to the end of the stream with a {@code chunk}-byte buffer; returns count and hash. */
    private static Received receive(TlsChannel ch, int chunk, boolean direct) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
        long total = 0;
        int n;
        while ((n = ch.read(buf)) >= 0) {
            assertTrue(n > 0, "a blocking read returned 0");
            buf.flip();
            md.update(buf);
            buf.clear();
            total += n;
        }
        return new Received(total, md.digest());
    }

    record Received(long bytes, byte[] sha256) {}

    // ---- tests

    @ParameterizedTest
    @ValueSource(ints = {0, 1000, 64 * MIB})
    void roundTripBothDirections(int size) throws Exception {
        Tls t = connect(ctx(alice), ctx(bob));
        // Server: small heap reads (through the internal buffer), then a reply in odd-sized heap
        // writes. Client: 1 MiB direct writes, then 1 MiB direct reads (straight into the
        // buffer).
        Task<byte[]> server =
                spawn(
                        "server",
                        () -> {
                            Received in = receive(t.server(), 10_000, false);
                            assertEquals(size, in.bytes());
                            assertTrue(t.server().closedCleanly());
                            byte[] sent = send(t.server(), size, 100_003, false, 2);
                            t.server().closeOutbound();
                            return concat(in.sha256(), sent);
                        });
        byte[] sent = send(t.client(), size, MIB, true, 1);
        t.client().closeOutbound();
        Received back = receive(t.client(), MIB, true);
        byte[] serverSide = server.get();
        assertArrayEquals(sent, slice(serverSide, 0));
        assertEquals(size, back.bytes());
        assertArrayEquals(slice(serverSide, 32), back.sha256());
        assertTrue(t.client().closedCleanly());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] slice(byte[] a, int from) {
        byte[] r = new byte[32];
        System.arraycopy(a, from, r, 0, 32);
        return r;
    }

    @Test
    void concurrentReadAndWriteWithKeyUpdates() throws Exception {
        Tls t = connect(ctx(alice), ctx(bob));
        long size = 32L * MIB;
        // The server echoes on one thread and asks for a key update every 4 MiB: the client's
        // reader then has to answer while its writer holds the write lock. Without concurrent
        // reading on the client both ends would fill their socket buffers and stall.
        Task<Long> echo =
                spawn(
                        "echo",
                        () -> {
                            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
                            long total = 0;
                            long nextUpdate = 4L * MIB;
                            while (t.server().read(buf) >= 0) {
                                buf.flip();
                                total += buf.remaining();
                                t.server().write(buf);
                                buf.clear();
                                // Not after the last chunk: the client's close_notify may
                                // have arrived with it, and a closed inbound refuses updates.
                                if (total >= nextUpdate && total < size) {
                                    t.server().requestKeyUpdate();
                                    nextUpdate += 4L * MIB;
                                }
                            }
                            t.server().closeOutbound();
                            return total;
                        });
        Task<byte[]> writer =
                spawn(
                        "client-writer",
                        () -> {
                            byte[] h1 = send(t.client(), size / 2, MIB, true, 7);
                            t.client().requestKeyUpdate();
                            byte[] h2 = send(t.client(), size / 2, MIB, true, 8);
                            t.client().closeOutbound();
                            return concat(h1, h2);
                        });
        Task<Received> reader = spawn("client-reader", () -> receive(t.client(), 64 * 1024, false));
        byte[] halves = writer.get();
        assertEquals(size, echo.get());
        Received back = reader.get();
        assertEquals(size, back.bytes());
        assertTrue(t.client().closedCleanly());
        // Expected hash of the echo: the two halves written one after the other.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random r1 = new Random(7);
        Random r2 = new Random(8);
        byte[] b = new byte[MIB];
        for (int i = 0; i < size / 2 / MIB; i++) {
            r1.nextBytes(b);
            md.update(b);
        }
        for (int i = 0; i < size / 2 / MIB; i++) {
            r2.nextBytes(b);
            md.update(b);
        }
        assertArrayEquals(md.digest(), back.sha256());
        assertEquals(64, halves.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100})
    void serverHandshakesAfterTheFirstBytesWereSniffed(int sniffed) throws Exception {
        Tcp tcp = tcp();
        TlsChannel c = TlsChannel.client(tcp.client(), ctx(alice));
        open.add(c);
        Task<Void> client = spawn("client-handshake", () -> handshake(c));
        ByteBuffer first = ByteBuffer.allocate(sniffed);
        while (first.hasRemaining()) {
            assertTrue(tcp.server().read(first) >= 0);
        }
        first.flip();
        assertEquals(0x16, first.get(0), "a TLS handshake record starts with 0x16");
        TlsChannel s = TlsChannel.server(tcp.server(), ctx(bob), first);
        open.add(s);
        s.handshake();
        client.get();
        assertEquals(0, first.position(), "alreadyRead is not modified");
        Task<Received> rx = spawn("server-read", () -> receive(s, MIB, true));
        byte[] sent = send(c, 5000, 5000, false, 3);
        c.closeOutbound();
        Received got = rx.get();
        assertEquals(5000, got.bytes());
        assertArrayEquals(sent, got.sha256());
    }

    @Test
    void peerIdentityVisibleOnBothSides() throws Exception {
        Tcp tcp = tcp();
        TlsChannel c = TlsChannel.client(tcp.client(), ctx(alice));
        open.add(c);
        assertThrows(IllegalStateException.class, c::peerCertificate);
        assertThrows(IllegalStateException.class, () -> c.read(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> c.write(ByteBuffer.allocate(1)));
        TlsChannel s = TlsChannel.server(tcp.server(), ctx(bob), ByteBuffer.allocate(0));
        open.add(s);
        Task<Void> hs = spawn("server-handshake", () -> handshake(s));
        c.handshake();
        hs.get();
        assertEquals(alice.cert().getPublicKey(), s.peerCertificate().getPublicKey());
        assertEquals(bob.cert().getPublicKey(), c.peerCertificate().getPublicKey());
        assertEquals("TLSv1.3", c.session().getProtocol());
        assertEquals("TLS_AES_128_GCM_SHA256", s.session().getCipherSuite());
        c.handshake(); // idempotent
    }

    @Test
    void ed25519PeersHandshake() throws Exception {
        Tls t = connect(ctx(ed), ctx(bob));
        assertEquals(ed.cert().getPublicKey(), t.server().peerCertificate().getPublicKey());
        Task<Received> rx = spawn("server-read", () -> receive(t.server(), MIB, true));
        byte[] sent = send(t.client(), 100_000, 100_000, true, 4);
        t.client().closeOutbound();
        assertArrayEquals(sent, rx.get().sha256());
    }

    @Test
    void clientWithoutCertificateIsRefusedByTheServer() throws Exception {
        Tcp tcp = tcp();
        SSLContext noKey = SSLContext.getInstance("TLSv1.3");
        noKey.init(null, new TrustManager[] {new TrustAll()}, null);
        TlsChannel c = TlsChannel.client(tcp.client(), noKey);
        TlsChannel s = TlsChannel.server(tcp.server(), ctx(bob), ByteBuffer.allocate(0));
        open.add(c);
        open.add(s);
        Task<Void> server = spawn("server-handshake", () -> handshake(s));
        assertClientLearnsLate(c);
        assertInstanceOf(SSLHandshakeException.class, server.failure(10));
    }

    /**
     * TLS 1.3: the client's handshake completes before the server has judged the client's
     * certificate, so the refusal arrives on the client's first read.
     */
    private static void assertClientLearnsLate(TlsChannel c) {
        try {
            c.handshake();
        } catch (IOException e) {
            return; // also acceptable: the alert overtook the handshake
        }
        try {
            int n = c.read(ByteBuffer.allocate(100));
            assertEquals(-1, n, "no data from a server that refused us");
            assertFalse(c.closedCleanly());
        } catch (SSLException expected) {
            // The server's alert (certificate_required / bad_certificate).
        } catch (IOException alsoPossible) {
            // A reset that overtook the alert.
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "notSelfSigned", "chainOfTwo"})
    void badClientCertificateIsRefused(String kind) throws Exception {
        Tcp tcp = tcp();
        TlsChannel c = TlsChannel.client(tcp.client(), presenting(kind));
        TlsChannel s = TlsChannel.server(tcp.server(), ctx(bob), ByteBuffer.allocate(0));
        open.add(c);
        open.add(s);
        Task<Void> server = spawn("server-handshake", () -> handshake(s));
        assertClientLearnsLate(c);
        Throwable e = server.failure(10);
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(hasCause(e, CertificateException.class), () -> "cause: " + e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "notSelfSigned", "chainOfTwo"})
    void badServerCertificateIsRefused(String kind) throws Exception {
        Tcp tcp = tcp();
        TlsChannel c = TlsChannel.client(tcp.client(), ctx(alice));
        TlsChannel s = TlsChannel.server(tcp.server(), presenting(kind), ByteBuffer.allocate(0));
        open.add(c);
        open.add(s);
        Task<Void> server = spawn("server-handshake", () -> handshake(s));
        SSLException e = assertThrows(SSLException.class, c::handshake);
        assertTrue(hasCause(e, CertificateException.class), () -> "cause: " + e);
        assertInstanceOf(SSLException.class, server.failure(10));
        // The failure sticks: the channel cannot be used afterwards.
        assertThrows(SSLException.class, c::handshake);
    }

    /** A context presenting a certificate our trust policy refuses, and trusting anything. */
    private static SSLContext presenting(String kind) throws Exception {
        switch (kind) {
            case "rsa":
                return rawContext(rsa.key(), rsa.cert());
            case "notSelfSigned":
                return rawContext(carol.key(), carol.cert());
            case "chainOfTwo":
                return rawContext(alice.key(), alice.cert(), bob.cert());
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private static SSLContext rawContext(PrivateKey key, X509Certificate... chain)
            throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(
                new KeyManager[] {new Presenting(key, chain)},
                new TrustManager[] {new TrustAll()},
                null);
        return ctx;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void garbageInsteadOfClientHelloFailsPromptly() throws Exception {
        Tcp tcp = tcp();
        TlsChannel s = TlsChannel.server(tcp.server(), ctx(bob), ByteBuffer.allocate(0));
        open.add(s);
        Task<Void> server = spawn("server-handshake", () -> handshake(s));
        tcp.client()
                .write(
                        ByteBuffer.wrap(
                                "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(SSLException.class, server.failure(5));
    }

    @Test
    void closingTheSocketUnblocksAHandshake() throws Exception {
        // A server that accepts and never answers: the client's handshake waits for ServerHello.
        Tcp tcp = tcp();
        TlsChannel c = TlsChannel.client(tcp.client(), ctx(alice));
        open.add(c);
        Task<Void> client = spawn("client-handshake", () -> handshake(c));
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedInRead(client.thread()));
        long t0 = System.nanoTime();
        tcp.client().close(); // what the watchdog does
        Throwable e = client.failure(5);
        assertInstanceOf(AsynchronousCloseException.class, e);
        assertTrue(System.nanoTime() - t0 < SECONDS.toNanos(2));
        assertFalse(c.isOpen());
    }

    @Test
    void closingTheSocketUnblocksARead() throws Exception {
        Tls t = connect(ctx(alice), ctx(bob));
        Task<Integer> reader = spawn("reader", () -> t.client().read(ByteBuffer.allocate(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedInRead(reader.thread()));
        t.tcp().client().close();
        assertInstanceOf(AsynchronousCloseException.class, reader.failure(5));
        assertThrows(ClosedChannelException.class, () -> t.client().read(ByteBuffer.allocate(1)));
    }

    private static boolean blockedInRead(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().endsWith("SocketChannelImpl")
                    && f.getMethodName().equals("read")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void tcpEndOfStreamBetweenRecordsIsReportedAsUnclean() throws Exception {
        Tls t = connect(ctx(alice), ctx(bob));
        byte[] sent = send(t.server(), 300_000, 64 * 1024, true, 5);
        t.tcp().server().close(); // no close_notify
        Received got = receive(t.client(), MIB, true);
        assertEquals(300_000, got.bytes());
        assertArrayEquals(sent, got.sha256());
        assertFalse(t.client().closedCleanly());
        assertEquals(-1, t.client().read(ByteBuffer.allocate(10)));
    }

    @Test
    void tcpEndOfStreamInsideARecordDeliversNoneOfIt() throws Exception {
        // client <-> relay <-> server; the relay cuts the server's stream 5000 bytes into the
        // first data record (records are about 16 KiB; nothing else flows after the handshake).
        Tcp front = tcp();
        Tcp back = tcp();
        AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        spawn(
                "relay-up",
                () -> relay(front.server(), back.client(), new AtomicLong(Long.MAX_VALUE)));
        spawn("relay-down", () -> relay(back.client(), front.server(), budget));
        TlsChannel c = TlsChannel.client(front.client(), ctx(alice));
        TlsChannel s = TlsChannel.server(back.server(), ctx(bob), ByteBuffer.allocate(0));
        open.add(c);
        open.add(s);
        Task<Void> hs = spawn("server-handshake", () -> handshake(s));
        c.handshake();
        hs.get();
        budget.set(5000);
        send(s, 100_000, 100_000, true, 9);
        assertEquals(-1, c.read(ByteBuffer.allocate(MIB)));
        assertFalse(c.closedCleanly());
    }

    /** Copies {@code from} to {@code to} until {@code budget} bytes are spent, then closes. */
    private static Void relay(SocketChannel from, SocketChannel to, AtomicLong budget)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (to) {
            while (true) {
                buf.clear();
                if (from.read(buf) < 0) {
                    return null;
                }
                buf.flip();
                long allowed = Math.min(buf.remaining(), budget.get());
                buf.limit((int) allowed);
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                if (budget.addAndGet(-allowed) <= 0) {
                    return null;
                }
            }
        }
    }

    @Test
    void closeSendsCloseNotify() throws Exception {
        Tls t = connect(ctx(alice), ctx(bob));
        Task<Received> rx = spawn("server-read", () -> receive(t.server(), MIB, true));
        send(t.client(), 1000, 1000, false, 6);
        t.client().close();
        assertEquals(1000, rx.get().bytes());
        assertTrue(t.server().closedCleanly());
        assertFalse(t.client().isOpen());
        t.client().close(); // idempotent
    }

    @Test
    void contextRefusesCertificatesItsPeersWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> ctx(rsa));
        assertThrows(IllegalArgumentException.class, () -> ctx(carol));
        assertThrows(
                IllegalArgumentException.class, () -> TlsContexts.create(alice.key(), bob.cert()));
    }

    @Test
    void trustPolicyFailsClosed() throws Exception {
        TlsContexts.checkPeerChain(new X509Certificate[] {alice.cert()});
        TlsContexts.checkPeerChain(new X509Certificate[] {ed.cert()});
        assertThrows(CertificateException.class, () -> TlsContexts.checkPeerChain(null));
        assertThrows(
                CertificateException.class,
                () -> TlsContexts.checkPeerChain(new X509Certificate[0]));
        assertThrows(
                CertificateException.class,
                () -> TlsContexts.checkPeerChain(new X509Certificate[] {null}));
        assertThrows(
                CertificateException.class,
                () -> TlsContexts.checkPeerChain(new X509Certificate[] {alice.cert(), bob.cert()}));
        assertThrows(
                CertificateException.class,
                () -> TlsContexts.checkPeerChain(new X509Certificate[] {rsa.cert()}));
        assertThrows(
                CertificateException.class,
                () -> TlsContexts.checkPeerChain(new X509Certificate[] {carol.cert()}));
    }

    @Test
    void nonBlockingSocketIsRejected() throws Exception {
        Tcp tcp = tcp();
        tcp.client().configureBlocking(false);
        assertThrows(
                IllegalArgumentException.class, () -> TlsChannel.client(tcp.client(), ctx(alice)));
    }

    // ---- test-only key and trust managers

    /** Presents a fixed chain with a fixed key, whatever it is. */
    private static final class Presenting extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        Presenting(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String alias(String... types) {
            for (String t : types) {
                if (t.equals(key.getAlgorithm())) {
                    return "k";
                }
            }
            return null;
        }

        @Override
        public String chooseEngineClientAlias(String[] types, Principal[] i, SSLEngine e) {
            return alias(types);
        }

        @Override
        public String chooseEngineServerAlias(String type, Principal[] i, SSLEngine e) {
            return alias(type);
        }

        @Override
        public String[] getClientAliases(String type, Principal[] i) {
            return new String[] {"k"};
        }

        @Override
        public String chooseClientAlias(String[] types, Principal[] i, Socket s) {
            return alias(types);
        }

        @Override
        public String[] getServerAliases(String type, Principal[] i) {
            return new String[] {"k"};
        }

        @Override
        public String chooseServerAlias(String type, Principal[] i, Socket s) {
            return alias(type);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    /** Trusts anything: the misbehaving peer in tests must not be the one that refuses. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
