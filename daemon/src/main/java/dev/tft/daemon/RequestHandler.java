package dev.tft.daemon;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.PeerView;
import dev.tft.control.StatusView;
import dev.tft.discovery.Discovery;
import dev.tft.discovery.Peer;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns one control request line into service calls and reply lines. Runs on the client's thread;
 * never blocks anything but that client. Malformed requests get a {@code bad_request} or {@code
 * unknown_op} line and the connection stays usable.
 */
final class RequestHandler {
    private final Discovery discovery;
    private final Pushes pushes;
    private final Supplier<StatusView> status;
    private final ConsentOps consent;
    private final Predicate<String> trusted;
    private final Pairings pairings;

    RequestHandler(
            Discovery discovery,
            Pushes pushes,
            Supplier<StatusView> status,
            ConsentOps consent,
            Predicate<String> trusted,
            Pairings pairings) {
        this.pairings = pairings;
        this.discovery = discovery;
        this.pushes = pushes;
        this.status = status;
        this.consent = consent;
        this.trusted = trusted;
    }

    /**
     * Handles one line; writes the reply (or, for a push, the event stream) to {@code client}.
     *
     * @return whether the connection stays open for another request ({@code false} after a push)
     */
    boolean handle(String line, ClientConnection client) throws IOException {
        ControlRequest request;
        try {
            request = ControlCodec.decodeRequest(line);
        } catch (ControlException e) {
            client.writeLine(ControlCodec.error(e.error()));
            return true;
        }
        if (request instanceof ControlRequest.Status) {
            client.writeLine(ControlCodec.status(status.get()));
        } else if (request instanceof ControlRequest.Peers) {
            client.writeLine(ControlCodec.peers(peerViews(discovery.peers(), trusted)));
        } else if (request instanceof ControlRequest.Push push) {
            pushes.run(push, client);
            return false;
        } else if (request instanceof ControlRequest.Pair pair) {
            pairings.run(pair, client);
            return false;
        } else if (request instanceof ControlRequest.Cancel cancel) {
            client.writeLine(
                    pushes.cancel(cancel.push())
                            ? ControlCodec.ok()
                            : ControlCodec.error(
                                    new ControlError(
                                            ControlError.Code.NOT_FOUND,
                                            "no running push with id '" + cancel.push() + "'")));
        } else {
            String reply = consent.handle(request);
            client.writeLine(
                    reply != null
                            ? reply
                            : ControlCodec.error(
                                    new ControlError(
                                            ControlError.Code.UNKNOWN_OP,
                                            "this daemon does not handle that request")));
        }
        return true;
    }

    static List<PeerView> peerViews(List<Peer> peers, Predicate<String> trusted) {
        return peers.stream().map(p -> view(p, trusted)).toList();
    }

    private static PeerView view(Peer p, Predicate<String> trusted) {
        List<String> addresses = p.addresses().stream().map(InetAddress::getHostAddress).toList();
        // A static peer that never answered with an announcement has no id yet.
        return new PeerView(
                p.name(),
                p.id() == null ? "" : p.id().value(),
                p.fingerprint(),
                addresses,
                p.port(),
                p.os(),
                p.version(),
                p.state().name().toLowerCase(Locale.ROOT),
                p.firstSeen(),
                p.lastSeen(),
                p.nameConflict(),
                p.isStatic() ? "static" : "mdns",
                p.id() != null && trusted.test(p.id().value()));
    }
}
