package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The TLS layer of the transfer port: mutual authentication by device keys, ids derived from those
 * keys, clear-text native sessions refused, and handshakes bounded by the header deadline.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsIT {
    @TempDir Path dir;

    private Path file(String name, long size) throws Exception {
        return Fixture.randomFile(
                Files.createDirectories(dir.resolve("src")).resolve(name), size, 11);
    }

    @Test
    void theReceiverRecordsTheSendersKeyDerivedIdAndTheSenderLearnsTheReceivers() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            PushResult r =
                    Fixture.sender()
                            .push(
                                    fx.address(),
                                    Fixture.BOB.peerId(),
                                    List.of(file("a.bin", 100_000)),
                                    TransferListener.NONE);
            assertEquals(Fixture.BOB.peerId(), r.receiverId());
            assertEquals(Fixture.ALICE.peerId(), fx.received.get(0).senderId());
        }
    }

    @Test
    void proto07aReceiverWithAnotherKeyGetsNoByteOfTheSession() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    fx.address(),
                                                    Fixture.MALLORY.peerId(),
                                                    List.of(file("secret.bin", 10)),
                                                    TransferListener.NONE));
            assertEquals(TransferError.IDENTITY_MISMATCH, e.error());
            assertTrue(e.getMessage().contains("did not prove it is " + Fixture.MALLORY.peerId()));
            assertEquals(List.of(), fx.listing());
            assertEquals(List.of(), fx.received);
        }
    }

    @Test
    void proto07aManInTheMiddleWhoRewritesOneBitBreaksThePushAndStoresNothing() throws Exception {
        Path src = file("payload.bin", 4 << 20);
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                CutProxy mitm = CutProxy.tampering(fx.address(), 2 << 20)) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .push(
                                                    mitm.address(),
                                                    Fixture.BOB.peerId(),
                                                    List.of(src),
                                                    TransferListener.NONE));
            // TLS's record MAC catches the flipped bit: the receiver drops the connection, and
            // no byte reaches a final name (a resumable temp may stay for a later resume).
            assertTrue(
                    e.error() == TransferError.CONNECTION_LOST
                            || e.error() == TransferError.PROTOCOL_ERROR,
                    e.error() + ": " + e.getMessage());
            assertTrue(
                    fx.listing().stream().allMatch(n -> n.startsWith(".tft-")),
                    fx.listing()::toString);
            assertEquals(List.of(), fx.received);
        }
    }

    @Test
    void aHeaderClaimingAnotherPeersIdIsDenied() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.tls(Fixture.MALLORY).header(Fixture.ALICE.peerId());
            Frame f = p.read();
            assertEquals(Protocol.E_DENIED, ((Frame.Reject) f).code());
            assertTrue(p.closedByReceiver());
        }
    }

    @Test
    void aClearTextNativeSessionIsRefusedWithTlsRequired() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits());
                RawPeer p = new RawPeer(fx.address())) {
            p.header(Fixture.ALICE.peerId());
            Frame f = p.read();
            assertEquals(Protocol.E_TLS_REQUIRED, ((Frame.Reject) f).code());
            assertTrue(p.closedByReceiver());
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.limits())) {
            SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
            anonymous.init(
                    null, new javax.net.ssl.TrustManager[] {TrustAll.INSTANCE}, new SecureRandom());
            try (SSLSocket s =
                    (SSLSocket)
                            anonymous
                                    .getSocketFactory()
                                    .createSocket(
                                            fx.address().getAddress(), fx.address().getPort())) {
                s.setSoTimeout(10_000);
                s.setEnabledProtocols(new String[] {"TLSv1.3"});
                // TLS 1.3: the client may finish its side before the server checks its (missing)
                // certificate; the refusal then arrives as an alert on the first read.
                assertThrows(
                        IOException.class,
                        () -> {
                            s.startHandshake();
                            s.getOutputStream().write(new byte[Protocol.SESSION_HEADER_SIZE]);
                            s.getOutputStream().flush();
                            if (s.getInputStream().read() >= 0) {
                                throw new AssertionError("the receiver answered");
                            }
                            throw new SSLException("closed");
                        });
            }
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void res02aStalledClientHelloIsClosedByTheHeaderDeadline() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.fast());
                RawPeer p = new RawPeer(fx.address())) {
            // A TLS record header promising a ClientHello that never comes.
            p.raw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            long t0 = System.nanoTime();
            assertTrue(p.drainsToClose());
            // Closed by the 1 s header deadline, far below the 10 s socket timeout of RawPeer.
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
        }
    }

    @Test
    void tlsGarbageIsClosed() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.fast());
                RawPeer p = new RawPeer(fx.address())) {
            byte[] junk = new byte[4096];
            new java.util.Random(3).nextBytes(junk);
            junk[0] = 0x16;
            p.raw(junk);
            assertTrue(p.drainsToClose());
            assertEquals(List.of(), fx.listing());
        }
    }

    @Test
    void aHandshakeThatNeverCompletesIsClosedByTheHeaderDeadline() throws Exception {
        try (Fixture fx = new Fixture(dir, Fixture.fast());
                RawPeer p = new RawPeer(fx.address())) {
            // A real ClientHello, then silence: the server's flight goes unanswered.
            SSLContext ctx =
                    dev.tft.transfer.tls.TlsContexts.create(
                            Fixture.ALICE.device().privateKey(),
                            Fixture.ALICE.device().certificate());
            javax.net.ssl.SSLEngine engine = ctx.createSSLEngine();
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {"TLSv1.3"});
            java.nio.ByteBuffer out =
                    java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            p.raw(hello);
            assertTrue(p.drainsToClose());
        }
    }

    /** Trusts anything: the client here is the party under test, not the server. */
    private static final class TrustAll implements javax.net.ssl.X509TrustManager {
        static final TrustAll INSTANCE = new TrustAll();

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
