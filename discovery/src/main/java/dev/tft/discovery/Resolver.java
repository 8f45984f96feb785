package dev.tft.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns a user's destination into a {@link Resolution}, in this order (PROTOCOL.md part B,
 * Resolution): exact name (case-insensitive), unique name prefix, peer id (exact, or a unique
 * prefix of at least {@value #MIN_ID_PREFIX} chars), then {@code host[:port]} or an IP literal.
 * Only live (not GONE) peers match. Stateless apart from the lookup seam; thread-safe.
 */
final class Resolver {

    static final int MIN_ID_PREFIX = 6;
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

    /** Host-name lookup seam (DNS in production, a map in tests). */
    @FunctionalInterface
    interface HostLookup {
        InetAddress lookup(String host) throws UnknownHostException;
    }

    private final HostLookup lookup;

    Resolver(HostLookup lookup) {
        this.lookup = lookup;
    }

    Resolution resolve(String query, List<Peer> snapshot, int defaultPort) {
        String q = query == null ? "" : query.strip();
        List<Peer> live = snapshot.stream().filter(p -> p.state() != PeerState.GONE).toList();
        if (q.isEmpty()) {
            return new Resolution.NotFound(q, live);
        }
        String lower = q.toLowerCase(Locale.ROOT);
        Resolution r = pick(q, live, p -> p.name().toLowerCase(Locale.ROOT).equals(lower));
        if (r == null) {
            r = pick(q, live, p -> p.name().toLowerCase(Locale.ROOT).startsWith(lower));
        }
        if (r == null) {
            r = pick(q, live, p -> p.id() != null && p.id().value().equals(lower));
        }
        if (r == null && lower.length() >= MIN_ID_PREFIX) {
            r = pick(q, live, p -> p.id() != null && p.id().value().startsWith(lower));
        }
        return r != null ? r : byAddress(q, live, defaultPort);
    }

    private static Resolution pick(String q, List<Peer> live, Predicate<Peer> match) {
        List<Peer> hits = live.stream().filter(match).toList();
        if (hits.isEmpty()) {
            return null;
        }
        if (hits.size() > 1) {
            return new Resolution.Ambiguous(q, hits);
        }
        Peer p = hits.get(0);
        InetSocketAddress address =
                p.addresses().isEmpty()
                        ? InetSocketAddress.createUnresolved(p.name(), p.port())
                        : new InetSocketAddress(p.addresses().get(0), p.port());
        return new Resolution.Found(p, address);
    }

    private Resolution byAddress(String q, List<Peer> live, int defaultPort) {
        StaticPeer target;
        try {
            target = StaticPeer.parse(q, defaultPort);
        } catch (IllegalArgumentException notHostPort) {
            return new Resolution.NotFound(q, live);
        }
        InetAddress address;
        try {
            // Literals never touch DNS; InetAddress.getByName parses them directly.
            address =
                    IP_LITERAL.matcher(target.host()).matches()
                            ? InetAddress.getByName(target.host())
                            : lookup.lookup(target.host());
        } catch (UnknownHostException e) {
            return new Resolution.NotFound(q, live);
        }
        Peer known =
                live.stream()
                        .filter(p -> p.port() == target.port() && p.addresses().contains(address))
                        .findFirst()
                        .orElse(null);
        return new Resolution.Found(known, new InetSocketAddress(address, target.port()));
    }
}
