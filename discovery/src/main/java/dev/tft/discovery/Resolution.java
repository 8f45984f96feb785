package dev.tft.discovery;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link Discovery#resolve(String)}. Immutable. */
public sealed interface Resolution {

    /**
     * The query names one destination.
     *
     * @param peer the matching table entry, or null when the query was a literal address or host
     *     that matches no known peer
     * @param address where to connect (resolved unless the host did not resolve)
     */
    record Found(Peer peer, InetSocketAddress address) implements Resolution {
        public Found {
            Objects.requireNonNull(address, "address");
        }
    }

    /** More than one live peer matches; {@code candidates} lists them (at least two). */
    record Ambiguous(String query, List<Peer> candidates) implements Resolution {
        public Ambiguous {
            Objects.requireNonNull(query, "query");
            candidates = List.copyOf(candidates);
        }
    }

    /** Nothing matches; {@code known} lists the live peers to suggest. */
    record NotFound(String query, List<Peer> known) implements Resolution {
        public NotFound {
            Objects.requireNonNull(query, "query");
            known = List.copyOf(known);
        }
    }
}
