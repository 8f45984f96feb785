package dev.tft.cli;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.PeerView;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code tft peers [--json]}: the peer table, sorted by name, every peer string escaped; TRUST says
 * whether the peer's key is in the trust store.
 */
final class PeersCommand {
    /** Longest name shown in the table; longer ones end with an ellipsis. */
    static final int NAME_WIDTH = 32;

    /** Case-insensitive name, then name, then id. A class, not lambdas: start-up time. */
    private static final class Order implements Comparator<PeerView> {
        @Override
        public int compare(PeerView a, PeerView b) {
            int c = a.name().compareToIgnoreCase(b.name());
            if (c == 0) {
                c = a.name().compareTo(b.name());
            }
            return c != 0 ? c : a.id().compareTo(b.id());
        }
    }

    private static final Comparator<PeerView> ORDER = new Order();

    private final Tft.Connector connector;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeout;

    PeersCommand(Tft.Connector connector, PrintStream out, Clock clock, Duration timeout) {
        this.connector = connector;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    ExitCode run(Args args) throws CliException {
        if (!args.positional().isEmpty()) {
            throw CliException.usage("peers takes no arguments", "peers");
        }
        ControlReply reply = DaemonCall.call(connector, new ControlRequest.Peers(), timeout);
        if (!(reply instanceof ControlReply.PeerList)) {
            throw DaemonCall.unexpected(reply);
        }
        List<PeerView> peers = new ArrayList<>(((ControlReply.PeerList) reply).peers());
        peers.sort(ORDER);
        if (args.has("--json")) {
            out.println(ControlCodec.peerArray(peers));
        } else if (peers.isEmpty()) {
            out.println(
                    "no peers found yet: discovery runs in the background, try again in a few"
                            + " seconds (peers must be on the same LAN and run tft)");
        } else {
            out.print(table(peers, clock.instant()));
        }
        return ExitCode.OK;
    }

    static String table(List<PeerView> peers, Instant now) {
        Table table = new Table("NAME", "TRUST", "ADDRESS", "OS", "LAST SEEN", "STATE");
        for (PeerView p : peers) {
            // Two peers with one name stay distinguishable: show the start of each id, which `tft
            // push` accepts.
            String name =
                    Escape.forTerminal(p.name(), NAME_WIDTH)
                            + (p.conflict() ? " #" + Escape.forTerminal(shortId(p.id()), 8) : "");
            table.row(
                    name,
                    p.trusted() ? "yes" : "",
                    address(p),
                    Escape.forTerminal(p.os(), 16),
                    Format.ago(p.lastSeen(), now),
                    Escape.forTerminal(p.state(), 10));
        }
        StringBuilder out = new StringBuilder(table.toString());
        for (PeerView p : peers) {
            if (p.conflict()) {
                out.append(
                        "#id: several peers share this name; push by id (`tft push ID FILE`) or by address\n");
                break;
            }
        }
        return out.toString();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** First address with the port, plus how many more: {@code 10.0.0.5:5001 (+1)}. */
    private static String address(PeerView p) {
        if (p.addresses().isEmpty()) {
            return "-";
        }
        String a = Escape.forTerminal(p.addresses().get(0), 48);
        String host = a.indexOf(':') >= 0 ? "[" + a + "]" : a;
        int more = p.addresses().size() - 1;
        return host + ":" + p.port() + (more > 0 ? " (+" + more + ")" : "");
    }
}
