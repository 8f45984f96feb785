package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The responder's side of one pairing (part A §11), after its HELLO went out: NONCE, then the
 * initiator's REVEAL must open the COMMIT it sent first, then the code goes to the owner's {@link
 * PairingCallbacks} and the two CONFIRMs cross. Every step is bounded by the absolute pairing
 * deadline the caller set on the connection's guard. Knows nothing of sockets. Confined to its
 * connection thread.
 */
final class PairingResponse {
    private static final Logger LOG = LoggerFactory.getLogger(PairingResponse.class);

    private final SessionIo io;
    private final RemotePeer peer;
    private final String selfFingerprint;
    private final byte[] commitment;
    private final PairingCallbacks callbacks;

    /**
     * @param commitment the data of the initiator's COMMIT
     * @param selfFingerprint this device's fingerprint (the responder's, in the code)
     */
    PairingResponse(
            SessionIo io,
            RemotePeer peer,
            String selfFingerprint,
            byte[] commitment,
            PairingCallbacks callbacks) {
        this.io = io;
        this.peer = peer;
        this.selfFingerprint = selfFingerprint;
        this.commitment = commitment.clone();
        this.callbacks = callbacks;
    }

    /**
     * Runs the exchange to its end and reports it to the callbacks ({@code finished} or {@code
     * failed}, exactly once). A protocol violation is answered with FAILED and rethrown; I/O
     * failures propagate.
     */
    void run() throws IOException {
        try {
            byte[] nonce = PairingCode.nonce();
            io.out.send(new Frame.Pair(Protocol.PAIR_NONCE, nonce));
            io.out.flush();
            byte[] reveal = expect(Protocol.PAIR_REVEAL).data();
            if (!PairingCode.opens(reveal, commitment)) {
                // Whoever sent this chose its nonce after seeing ours: exactly what the
                // commitment exists to rule out.
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "pairing commitment does not match");
            }
            String code = PairingCode.code(peer.fingerprint(), selfFingerprint, reveal, nonce);
            boolean mine = ask(code);
            io.out.send(Frame.Pair.confirm(mine));
            io.out.flush();
            boolean theirs = expect(Protocol.PAIR_CONFIRM).confirmed();
            PairResult result = new PairResult(mine && theirs, peer.id(), peer.fingerprint(), code);
            try {
                callbacks.finished(result);
            } catch (RuntimeException e) {
                LOG.warn("pairing callback threw", e);
            }
        } catch (ProtocolException e) {
            try {
                io.out.send(new Frame.Failed(e.wireCode(), NativeSession.oneLine(e.getMessage())));
                io.out.flush();
            } catch (IOException ignored) {
                // The peer may be gone already; the violation is what gets reported.
            }
            failed(TransferError.fromWire(e.wireCode()), e.getMessage());
            throw e;
        } catch (IOException e) {
            failed(
                    FileReceive.connectionError(io, e),
                    io.guard.expired()
                            ? "the pairing did not finish within "
                                    + PairingCallbacks.TIMEOUT_SECONDS
                                    + " s"
                            : "connection lost: " + e.getMessage());
            throw e;
        }
    }

    private Frame.Pair expect(int step) throws IOException {
        Frame f = io.readFrame();
        if (f instanceof Frame.Pair p && p.step() == step) {
            return p;
        }
        throw new ProtocolException(
                Protocol.E_PROTOCOL_ERROR, "expected pairing step " + step + ", got " + f);
    }

    /** The owner's decision; fails closed (an interrupt or a throwing callback declines). */
    private boolean ask(String code) {
        try {
            return callbacks.confirm(code, peer.id(), peer.fingerprint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warn("pairing callback threw; declining", e);
            return false;
        }
    }

    private void failed(TransferError error, String message) {
        try {
            callbacks.failed(error, LogSafe.escape(String.valueOf(message)));
        } catch (RuntimeException e) {
            LOG.warn("pairing callback threw", e);
        }
    }
}
