package dev.tft.daemon;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.PairEvent;
import dev.tft.discovery.Discovery;
import dev.tft.discovery.Resolution;
import dev.tft.transfer.IncomingPair;
import dev.tft.transfer.PairResult;
import dev.tft.transfer.PairingCallbacks;
import dev.tft.transfer.PairingResponder;
import dev.tft.transfer.Sender;
import dev.tft.transfer.TransferError;
import dev.tft.transfer.TransferException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code tft pair PEER}, the daemon's side (PROTOCOL.md A §11). Both owners run it; the daemon with
 * the smaller id initiates (connects, retrying while the other owner has not run it yet), the other
 * waits for that connection. Both show the code to their user (a {@code code} event) and read the
 * answer (a {@code confirm} line on the same control connection); only when both users said yes
 * does each trust the other. As the {@link PairingResponder} of the receiver it admits a pairing
 * request only from the peer its own user is pairing with right now. Thread-safe: the registry is a
 * concurrent map; one control thread per pairing, plus the receiver's connection thread on the
 * responder side (which uses the waiting client's connection while the control thread is parked on
 * the outcome).
 */
final class Pairings implements PairingResponder {
    private static final Logger log = LoggerFactory.getLogger(Pairings.class);

    /** How long both owners have to run {@code tft pair}. */
    static final Duration WINDOW = Duration.ofMinutes(2);

    private static final long RETRY_MILLIS = 1_000;

    private final Supplier<Discovery> discovery;
    private final Sender sender;
    private final TrustStore trust;
    private final Clock clock;
    private final String selfId;
    private final String selfName;

    /** Responder-side pairings waiting for the initiator's connection, by the peer's id. */
    private final Map<String, Callbacks> waiting = new ConcurrentHashMap<>();

    /** {@code discovery} is a supplier: the receiver (which needs this) starts before discovery. */
    Pairings(
            Supplier<Discovery> discovery,
            Sender sender,
            TrustStore trust,
            Clock clock,
            String selfId,
            String selfName) {
        this.discovery = discovery;
        this.sender = sender;
        this.trust = trust;
        this.clock = clock;
        this.selfId = selfId;
        this.selfName = selfName;
    }

    @Override
    public PairingCallbacks accept(IncomingPair pair) {
        return waiting.remove(pair.peerId());
    }

    @Override
    public String refusal(IncomingPair pair) {
        return selfName + "'s owner has not run tft pair (yet)";
    }

    /** Runs one {@code pair} request on the client's thread; ends with a terminal event. */
    void run(ControlRequest.Pair request, ClientConnection client) throws IOException {
        Resolution r = discovery.get().resolve(request.peer());
        if (!(r instanceof Resolution.Found found)
                || found.peer() == null
                || found.peer().id() == null) {
            ControlError e =
                    r instanceof Resolution.Found
                            ? new ControlError(
                                    ControlError.Code.UNKNOWN_PEER,
                                    "pairing needs a tft peer that announces its id (see tft"
                                            + " peers); "
                                            + Log.safe(request.peer())
                                            + " is only an address")
                            : ControlErrors.of(r);
            send(client, new PairEvent.Failed(e));
            return;
        }
        String peerId = found.peer().id().value();
        String peerName = found.peer().name();
        if (peerId.equals(selfId)) {
            send(
                    client,
                    new PairEvent.Failed(
                            new ControlError(
                                    ControlError.Code.BAD_REQUEST,
                                    "that is this machine: run tft pair on both machines, each"
                                            + " naming the other")));
            return;
        }
        boolean initiator = selfId.compareTo(peerId) < 0;
        send(client, new PairEvent.Waiting(peerName, initiator ? "initiator" : "responder"));
        Callbacks callbacks = new Callbacks(client, peerName);
        PairResult result;
        try {
            result =
                    initiator
                            ? initiate(found, peerId, callbacks)
                            : respond(peerId, peerName, callbacks);
        } catch (TransferException e) {
            send(client, new PairEvent.Failed(ControlErrors.of(e, peerName)));
            return;
        }
        if (!result.paired()) {
            send(
                    client,
                    new PairEvent.Failed(
                            new ControlError(
                                    ControlError.Code.REJECTED,
                                    "pairing with "
                                            + Log.safe(peerName)
                                            + " was not confirmed on both sides: nothing was"
                                            + " trusted")));
            return;
        }
        try {
            trust.add(
                    new TrustedPeer(
                            result.peerId(),
                            clip(peerName),
                            result.fingerprint(),
                            clock.instant()));
        } catch (IOException e) {
            send(
                    client,
                    new PairEvent.Failed(
                            new ControlError(
                                    ControlError.Code.INTERNAL,
                                    "could not save the trust store: " + e.getMessage())));
            return;
        }
        log.info("paired with {} [{}]", Log.safe(peerName), result.peerId());
        send(client, new PairEvent.Paired(peerName, result.peerId(), result.fingerprint()));
    }

    /** Connects, retrying while the other owner has not run tft pair yet (DENIED). */
    private PairResult initiate(Resolution.Found found, String peerId, Callbacks callbacks)
            throws TransferException {
        long deadline = System.nanoTime() + WINDOW.toNanos();
        while (true) {
            try {
                return sender.pair(found.address(), peerId, callbacks);
            } catch (TransferException e) {
                if (e.error() != TransferError.DENIED || System.nanoTime() > deadline) {
                    throw e.error() == TransferError.DENIED
                            ? new TransferException(
                                    TransferError.TIMEOUT,
                                    "the owner of "
                                            + Log.safe(found.peer().name())
                                            + " did not run tft pair within 2 minutes")
                            : e;
                }
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException(TransferError.CANCELLED, "pairing cancelled");
            }
        }
    }

    /** Waits for the initiator's connection, then for the exchange it runs. */
    private PairResult respond(String peerId, String peerName, Callbacks callbacks)
            throws TransferException {
        waiting.put(peerId, callbacks);
        try {
            return callbacks.outcome.get(
                    WINDOW.toSeconds() + PairingCallbacks.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TransferException(
                    TransferError.TIMEOUT,
                    Log.safe(peerName) + " did not start pairing within 2 minutes");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TransferException te
                    ? te
                    : new TransferException(TransferError.PROTOCOL_ERROR, "pairing failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "pairing cancelled");
        } finally {
            waiting.remove(peerId);
        }
    }

    private static String clip(String name) {
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    private static void send(ClientConnection client, PairEvent e) throws IOException {
        client.writeLine(ControlCodec.pairEvent(e));
    }

    /**
     * Shows the code to the waiting control client and reads its answer; used by the control thread
     * (initiator) or by the receiver's connection thread (responder) while the control thread waits
     * on {@link #outcome}.
     */
    private static final class Callbacks implements PairingCallbacks {
        private final ClientConnection client;
        private final String peerName;
        final CompletableFuture<PairResult> outcome = new CompletableFuture<>();

        Callbacks(ClientConnection client, String peerName) {
            this.client = client;
            this.peerName = peerName;
        }

        @Override
        public boolean confirm(String code, String peerId, String fingerprint) {
            try {
                send(client, new PairEvent.Code(code, peerName, peerId, fingerprint));
                String line = client.readLine(Duration.ofSeconds(PairingCallbacks.TIMEOUT_SECONDS));
                if (line == null) {
                    return false;
                }
                return ControlCodec.decodeRequest(line) instanceof ControlRequest.Confirm c
                        && c.yes();
            } catch (IOException | ControlException e) {
                log.info(
                        "pairing with {}: no answer from the user ({})",
                        Log.safe(peerName),
                        e.toString());
                return false;
            }
        }

        @Override
        public void finished(PairResult result) {
            outcome.complete(result);
        }

        @Override
        public void failed(TransferError error, String message) {
            outcome.completeExceptionally(new TransferException(error, message));
        }
    }
}
