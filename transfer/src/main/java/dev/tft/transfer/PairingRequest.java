package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The initiator's side of one pairing (part A §11), after the TLS handshake: session header and
 * COMMIT, HELLO, the responder's NONCE, REVEAL, the user's decision, and the two CONFIRMs. Until
 * HELLO every reply is awaited for the idle timeout (and reads extend the connection's deadline);
 * from HELLO on one absolute pairing deadline bounds everything, the user's decision included. Runs
 * on the calling thread, replies come from a {@link ReplyReader}.
 */
final class PairingRequest {
    private static final Logger LOG = LoggerFactory.getLogger(PairingRequest.class);

    /** The pairing deadline after HELLO. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(PairingCallbacks.TIMEOUT_SECONDS);

    /**
     * How much later than the pairing deadline the watchdog closes the connection: the waits here
     * end first, with a clearer message.
     */
    private static final long GUARD_SLACK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final WritableByteChannel channel;
    private final LongConsumer extendDeadline;
    private final long idleNanos;
    private volatile boolean greeted;

    /**
     * @param extendDeadline moves the connection's watchdog deadline to now + the given nanos
     * @param idleNanos the longest wait for HELLO
     */
    PairingRequest(WritableByteChannel channel, LongConsumer extendDeadline, long idleNanos) {
        this.channel = channel;
        this.extendDeadline = extendDeadline;
        this.idleNanos = idleNanos;
    }

    /**
     * The reader's activity hook: bytes from the receiver extend the idle deadline until HELLO;
     * after it the pairing deadline is absolute. Called on the reader thread.
     */
    void onActivity() {
        if (!greeted) {
            extendDeadline.accept(idleNanos);
        }
    }

    /**
     * Runs the exchange. {@code selfFingerprint} is this device's (the initiator's), {@code
     * receiver} the key the receiver proved. Throws {@link TransferException} for a refusal, a
     * failure or a timeout, {@link InterruptedException} when the calling thread is interrupted.
     */
    PairResult run(
            SessionHeader header,
            String selfFingerprint,
            PeerKey receiver,
            ReplyReader replies,
            PairingCallbacks callbacks)
            throws IOException, InterruptedException {
        byte[] nonce = PairingCode.nonce();
        ByteBuffer out =
                ByteBuffer.allocate(Protocol.SESSION_HEADER_SIZE + Protocol.FRAME_HEADER_SIZE + 64);
        WireCodec.encodeSessionHeader(header, out);
        WireCodec.encode(new Frame.Pair(Protocol.PAIR_COMMIT, PairingCode.commitment(nonce)), out);
        write(out);
        awaitHello(replies);
        greeted = true;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        extendDeadline.accept(TIMEOUT_NANOS + GUARD_SLACK_NANOS);
        byte[] theirs = expect(replies, Protocol.PAIR_NONCE, deadline).data();
        // Only now, with the responder's nonce fixed, does ours leave this machine.
        send(out, new Frame.Pair(Protocol.PAIR_REVEAL, nonce));
        String code = PairingCode.code(selfFingerprint, receiver.fingerprint(), nonce, theirs);
        boolean mine = ask(callbacks, code, receiver);
        if (System.nanoTime() - deadline > 0) {
            throw timeout();
        }
        send(out, Frame.Pair.confirm(mine));
        boolean confirmed = expect(replies, Protocol.PAIR_CONFIRM, deadline).confirmed();
        return new PairResult(mine && confirmed, receiver.peerId(), receiver.fingerprint(), code);
    }

    private static boolean ask(PairingCallbacks callbacks, String code, PeerKey receiver)
            throws InterruptedException {
        try {
            return callbacks.confirm(code, receiver.peerId(), receiver.fingerprint());
        } catch (RuntimeException e) {
            LOG.warn("pairing callback threw; declining", e);
            return false;
        }
    }

    private void awaitHello(ReplyReader replies) throws IOException, InterruptedException {
        Reply r = replies.poll(idleNanos);
        if (r == null) {
            throw new TransferException(
                    TransferError.TIMEOUT, "the receiver did not answer in time");
        }
        if (r instanceof Reply.End e) {
            throw new TransferException(e.error(), e.message());
        }
        Frame f = ((Reply.Received) r).frame();
        if (f instanceof Frame.Reject rej) {
            throw OfferWindow.remote(rej.code(), rej.message(), "pairing refused");
        }
        if (!(f instanceof Frame.Hello)) {
            throw new TransferException(
                    TransferError.NOT_TFT, "the receiver did not greet with HELLO");
        }
    }

    private static Frame.Pair expect(ReplyReader replies, int step, long deadline)
            throws IOException, InterruptedException {
        Reply r = replies.poll(Math.max(0, deadline - System.nanoTime()));
        if (r == null) {
            throw timeout();
        }
        if (r instanceof Reply.End e) {
            throw new TransferException(e.error(), e.message());
        }
        Frame f = ((Reply.Received) r).frame();
        if (f instanceof Frame.Pair p && p.step() == step) {
            return p;
        }
        if (f instanceof Frame.Failed fail) {
            throw OfferWindow.remote(
                    fail.code(), fail.message(), "the receiver failed the pairing");
        }
        throw new TransferException(
                TransferError.PROTOCOL_ERROR, "expected pairing step " + step + ", got " + f);
    }

    private static TransferException timeout() {
        return new TransferException(
                TransferError.TIMEOUT,
                "the pairing did not finish within " + PairingCallbacks.TIMEOUT_SECONDS + " s");
    }

    private void send(ByteBuffer out, Frame f) throws IOException {
        out.clear();
        WireCodec.encode(f, out);
        write(out);
    }

    private void write(ByteBuffer out) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
