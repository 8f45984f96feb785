package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.tls.TlsChannel;
import dev.tft.transfer.tls.TlsContexts;
import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

/**
 * Pairing (part A §11) over real loopback sockets and real TLS: ALICE initiates ({@link
 * Sender#pair}), the fixture's receiver BOB responds. Each user is a {@link User} that compares the
 * code on its screen with the one on the other's, as two people would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PairingIT {
    @TempDir Path dir;

    /**
     * One person at one screen: sees the code, and confirms only if the other person's screen shows
     * the same (unless told to decline). Records what the engine reported.
     */
    static final class User implements PairingCallbacks {
        final CompletableFuture<String> shown = new CompletableFuture<>();
        final CompletableFuture<PairResult> result = new CompletableFuture<>();
        final CompletableFuture<String> failure = new CompletableFuture<>();
        final boolean declines;
        User other;
        volatile String seenId;
        volatile String seenFingerprint;

        User(boolean declines) {
            this.declines = declines;
        }

        static User[] couple(boolean aliceDeclines, boolean bobDeclines) {
            User a = new User(aliceDeclines);
            User b = new User(bobDeclines);
            a.other = b;
            b.other = a;
            return new User[] {a, b};
        }

        @Override
        public boolean confirm(String code, String peerId, String fingerprint)
                throws InterruptedException {
            seenId = peerId;
            seenFingerprint = fingerprint;
            shown.complete(code);
            if (declines) {
                return false;
            }
            try {
                return code.equals(other.shown.get(20, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }

        @Override
        public void finished(PairResult r) {
            result.complete(r);
        }

        @Override
        public void failed(TransferError error, String message) {
            failure.complete(error + " " + message);
        }
    }

    /** Bob's daemon: takes the pairing only while its user "ran tft pair" (bob != null). */
    static final class Responder implements PairingResponder {
        final List<IncomingPair> requests = new CopyOnWriteArrayList<>();
        final User bob;

        Responder(User bob) {
            this.bob = bob;
        }

        @Override
        public PairingCallbacks accept(IncomingPair pair) {
            requests.add(pair);
            return bob;
        }

        @Override
        public String refusal(IncomingPair pair) {
            return "Bob's owner has not run tft pair (yet)";
        }
    }

    private static PairResult get(CompletableFuture<PairResult> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void bothConfirmSoBothArePairedWithTheSameCodeAndTheRightKeys() throws Exception {
        User[] u = User.couple(false, false);
        Responder responder = new Responder(u[1]);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), Admission.ALLOW_ALL, responder)) {
            PairResult alice = Fixture.sender().pair(fx.address(), Fixture.BOB.peerId(), u[0]);
            PairResult bob = get(u[1].result);
            assertTrue(alice.paired());
            assertTrue(bob.paired());
            assertEquals(alice.code(), bob.code());
            assertTrue(alice.code().matches("[0-9]{6}"));
            assertEquals(Fixture.BOB.peerId(), alice.peerId());
            assertEquals(Fixture.BOB.device().fingerprint(), alice.fingerprint());
            assertEquals(Fixture.ALICE.peerId(), bob.peerId());
            assertEquals(Fixture.ALICE.device().fingerprint(), bob.fingerprint());
            assertEquals(Fixture.BOB.peerId(), u[0].seenId);
            assertEquals(Fixture.ALICE.device().fingerprint(), u[1].seenFingerprint);
            IncomingPair req = responder.requests.get(0);
            assertEquals(Fixture.ALICE.peerId(), req.peerId());
            assertEquals(Fixture.ALICE.device().fingerprint(), req.fingerprint());
            assertEquals(List.of(), fx.listing());
            assertEquals(List.of(), fx.received);
        }
    }

    @Test
    void oneSideDecliningPairsNeither() throws Exception {
        for (boolean aliceDeclines : new boolean[] {true, false}) {
            User[] u = User.couple(aliceDeclines, !aliceDeclines);
            try (Fixture fx =
                    new Fixture(
                            dir.resolve("d" + aliceDeclines),
                            Fixture.limits(),
                            Admission.ALLOW_ALL,
                            new Responder(u[1]))) {
                PairResult alice = Fixture.sender().pair(fx.address(), null, u[0]);
                PairResult bob = get(u[1].result);
                assertFalse(alice.paired(), "alice declines: " + aliceDeclines);
                assertFalse(bob.paired(), "alice declines: " + aliceDeclines);
                assertEquals(alice.code(), bob.code());
            }
        }
    }

    @Test
    void aResponderWithoutIntentRefusesWithItsReason() throws Exception {
        PairingResponder noIntent =
                new PairingResponder() {
                    @Override
                    public PairingCallbacks accept(IncomingPair pair) {
                        return null;
                    }

                    @Override
                    public String refusal(IncomingPair pair) {
                        return "Bob's owner has not run tft pair (yet)";
                    }
                };
        User alice = new User(false);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), Admission.ALLOW_ALL, noIntent)) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () -> Fixture.sender().pair(fx.address(), null, alice));
            assertEquals(TransferError.DENIED, e.error());
            assertTrue(
                    e.getMessage().contains("Bob's owner has not run tft pair (yet)"),
                    e.getMessage());
            assertFalse(alice.shown.isDone());
        }
        // The 3-argument Receiver.start refuses every pairing.
        try (Fixture fx = new Fixture(dir.resolve("default"), Fixture.limits())) {
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () -> Fixture.sender().pair(fx.address(), null, alice));
            assertEquals(TransferError.DENIED, e.error());
            assertTrue(
                    e.getMessage().contains("this receiver does not take pairing requests"),
                    e.getMessage());
        }
    }

    @Test
    void aRevealThatDoesNotOpenTheCommitmentFailsAndPairsNothing() throws Exception {
        User bob = new User(false);
        try (Fixture fx =
                        new Fixture(
                                dir, Fixture.limits(), Admission.ALLOW_ALL, new Responder(bob));
                RawPeer p = new RawPeer(fx.address()).tls()) {
            byte[] committed = PairingCode.nonce();
            p.raw(header(Fixture.ALICE))
                    .send(new Frame.Pair(Protocol.PAIR_COMMIT, PairingCode.commitment(committed)))
                    .hello();
            Frame nonce = p.read();
            assertTrue(
                    nonce instanceof Frame.Pair n && n.step() == Protocol.PAIR_NONCE, "" + nonce);
            // A cheat who chose its nonce after seeing the responder's.
            p.send(new Frame.Pair(Protocol.PAIR_REVEAL, PairingCode.nonce()));
            assertEquals(
                    new Frame.Failed(
                            Protocol.E_PROTOCOL_ERROR, "pairing commitment does not match"),
                    p.read());
            assertTrue(p.closedByReceiver());
            assertEquals(
                    "PROTOCOL_ERROR pairing commitment does not match",
                    bob.failure.get(10, TimeUnit.SECONDS));
            assertFalse(bob.shown.isDone(), "no code was shown");
            assertFalse(bob.result.isDone(), "nothing paired");
        }
    }

    @Test
    void aPairFrameOtherThanCommitFirstIsAProtocolError() throws Exception {
        User bob = new User(false);
        try (Fixture fx =
                        new Fixture(
                                dir, Fixture.limits(), Admission.ALLOW_ALL, new Responder(bob));
                RawPeer p = new RawPeer(fx.address()).tls()) {
            p.raw(header(Fixture.ALICE))
                    .send(new Frame.Pair(Protocol.PAIR_REVEAL, PairingCode.nonce()));
            Frame f = p.read();
            assertTrue(
                    f instanceof Frame.Reject r && r.code() == Protocol.E_PROTOCOL_ERROR, "" + f);
            assertFalse(bob.shown.isDone());
        }
    }

    /**
     * A relay with its own key (MALLORY) terminates ALICE's TLS session as if it were the responder
     * and opens its own to BOB as an initiator, passing the pairing through with nonces of its
     * choosing. Each user sees a code over the key pair of their own leg (ALICE–MALLORY,
     * MALLORY–BOB); the relay had to fix its nonce on each leg before it learned the other side's
     * (COMMIT on the BOB leg, NONCE on the ALICE leg), so the two codes are equal only by chance,
     * with probability 10^-6 for any strategy. This test asserts they differ, so it is flaky with
     * that probability; then both users decline and nothing is paired.
     */
    @Test
    void aTlsTerminatingRelayCannotMakeTheTwoCodesEqual() throws Exception {
        User[] u = User.couple(false, false);
        Responder responder = new Responder(u[1]);
        try (Fixture fx = new Fixture(dir, Fixture.limits(), Admission.ALLOW_ALL, responder);
                Relay relay = new Relay(fx.address())) {
            // With the id it expects, ALICE stops at the relay's key before sending anything.
            TransferException e =
                    assertThrows(
                            TransferException.class,
                            () ->
                                    Fixture.sender()
                                            .pair(relay.address(), Fixture.BOB.peerId(), u[0]));
            assertEquals(TransferError.IDENTITY_MISMATCH, e.error());
            assertFalse(u[0].shown.isDone());

            PairResult alice = Fixture.sender().pair(relay.address(), null, u[0]);
            PairResult bob = get(u[1].result);
            assertNotEquals(alice.code(), bob.code());
            assertFalse(alice.paired());
            assertFalse(bob.paired());
            // What each side saw is the relay's key, never the other user's.
            assertEquals(Fixture.MALLORY.peerId(), alice.peerId());
            assertEquals(Fixture.MALLORY.device().fingerprint(), alice.fingerprint());
            assertEquals(Fixture.MALLORY.peerId(), bob.peerId());
            assertEquals(Fixture.MALLORY.peerId(), responder.requests.get(0).peerId());
            assertTrue(relay.passedThrough.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPlainTcpSpliceSeesTheRealKeysAndPairs() throws Exception {
        User[] u = User.couple(false, false);
        try (Fixture fx =
                        new Fixture(
                                dir, Fixture.limits(), Admission.ALLOW_ALL, new Responder(u[1]));
                CutProxy splice = new CutProxy(fx.address(), Long.MAX_VALUE)) {
            PairResult alice = Fixture.sender().pair(splice.address(), null, u[0]);
            PairResult bob = get(u[1].result);
            assertTrue(alice.paired());
            assertTrue(bob.paired());
            assertEquals(alice.code(), bob.code());
            assertEquals(Fixture.BOB.peerId(), alice.peerId());
            assertEquals(Fixture.BOB.device().fingerprint(), alice.fingerprint());
            assertEquals(Fixture.ALICE.peerId(), bob.peerId());
        }
    }

    @Test
    void interruptingTheInitiatorCancels() throws Exception {
        PairingCallbacks forever =
                (code, id, fp) -> {
                    Thread.sleep(60_000);
                    return true;
                };
        User bob = new User(true);
        try (Fixture fx =
                new Fixture(dir, Fixture.limits(), Admission.ALLOW_ALL, new Responder(bob))) {
            CompletableFuture<TransferError> error = new CompletableFuture<>();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    Fixture.sender().pair(fx.address(), null, forever);
                                    error.complete(null);
                                } catch (TransferException e) {
                                    error.complete(e.error());
                                }
                            });
            t.start();
            bob.shown.get(10, TimeUnit.SECONDS);
            t.interrupt();
            assertEquals(TransferError.CANCELLED, error.get(10, TimeUnit.SECONDS));
            assertTrue(bob.failure.get(10, TimeUnit.SECONDS).startsWith("CONNECTION_LOST"));
        }
    }

    private static byte[] header(LocalIdentity who) {
        ByteBuffer b = ByteBuffer.allocate(Protocol.SESSION_HEADER_SIZE);
        WireCodec.encodeSessionHeader(new SessionHeader(1, who.peerId(), who.displayName()), b);
        return b.array();
    }

    /** The TLS-terminating relay of {@link #aTlsTerminatingRelayCannotMakeTheTwoCodesEqual}. */
    static final class Relay implements AutoCloseable {
        final ServerSocketChannel server;
        final InetSocketAddress target;
        final SSLContext mallory =
                TlsContexts.create(
                        Fixture.MALLORY.device().privateKey(),
                        Fixture.MALLORY.device().certificate());
        final CompletableFuture<Boolean> passedThrough = new CompletableFuture<>();

        Relay(InetSocketAddress target) throws IOException {
            this.target = target;
            this.server =
                    ServerSocketChannel.open()
                            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::serve, "pair-relay");
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private void serve() {
            while (server.isOpen()) {
                try (SocketChannel ch = server.accept()) {
                    relay(ch);
                } catch (IOException ignored) {
                    // A leg closed (the identity check stops ALICE right after the handshake).
                }
            }
        }

        private void relay(SocketChannel ch) throws IOException {
            TlsChannel alice = TlsChannel.server(ch, mallory, ByteBuffer.allocate(0));
            try {
                alice.handshake();
                readFully(alice, Protocol.SESSION_HEADER_SIZE); // ALICE's header: dropped
                readFrame(alice); // ALICE's COMMIT: useless to the relay, it hides her nonce
                try (RawPeer bob = new RawPeer(target).tls(Fixture.MALLORY)) {
                    byte[] toBob = PairingCode.nonce();
                    bob.raw(header(Fixture.MALLORY))
                            .send(
                                    new Frame.Pair(
                                            Protocol.PAIR_COMMIT, PairingCode.commitment(toBob)));
                    write(alice, bob.read()); // BOB's HELLO
                    bob.read(); // BOB's NONCE: comes too late to influence the other leg
                    write(alice, new Frame.Pair(Protocol.PAIR_NONCE, PairingCode.nonce()));
                    readFrame(alice); // ALICE's REVEAL: too late, the relay committed to BOB
                    bob.send(new Frame.Pair(Protocol.PAIR_REVEAL, toBob));
                    // Each side sends its CONFIRM without waiting for the other's: forward both.
                    bob.send(readFrame(alice));
                    write(alice, bob.read());
                    passedThrough.complete(true);
                }
            } finally {
                alice.close();
            }
        }

        private static byte[] readFully(TlsChannel ch, int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new EOFException();
                }
            }
            return b.array();
        }

        private static Frame readFrame(TlsChannel ch) throws IOException {
            byte[] head = readFully(ch, Protocol.FRAME_HEADER_SIZE);
            int len = ByteBuffer.wrap(head).getInt(1);
            byte[] body = readFully(ch, len);
            return WireCodec.decode(
                    ByteBuffer.allocate(head.length + len).put(head).put(body).flip());
        }

        private static void write(TlsChannel ch, Frame f) throws IOException {
            ByteBuffer b =
                    ByteBuffer.allocate(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
            WireCodec.encode(f, b);
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
