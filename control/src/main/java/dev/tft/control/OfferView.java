package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * A pending offer: a push the daemon holds until its owner accepts or rejects it ({@code tft
 * accept}, {@code tft reject}), or until it expires. The sender is held between its offer and the
 * receiver's answer meanwhile. Peer-controlled: {@code peer} and {@code names}; escape them before
 * printing.
 *
 * @param id the daemon-assigned offer id ({@code o-3}); not blank; names the offer in {@code
 *     accept} and {@code reject}
 * @param peer the sender; for a legacy push name and id are {@code ""}, otherwise the id is the
 *     sender's key-derived id (proven by the TLS handshake) and not empty
 * @param legacy true for the seed's legacy header (no identity, so it can be accepted but the
 *     sender cannot be trusted)
 * @param files number of files offered, >= 0
 * @param bytes total bytes offered, >= 0
 * @param names the first few offered names as sent (relative, {@code /}-separated), at most {@link
 *     #MAX_NAMES}; fewer than {@code files} when there are more
 * @param ageSeconds seconds since the offer arrived, >= 0
 * @param expiresInSeconds seconds until the daemon rejects it unanswered, >= 0
 */
public record OfferView(
        String id,
        PeerRef peer,
        boolean legacy,
        int files,
        long bytes,
        List<String> names,
        long ageSeconds,
        long expiresInSeconds) {

    /** Most names an offer carries. */
    public static final int MAX_NAMES = 3;

    /** Validates and copies. */
    public OfferView {
        Checks.notBlank(id, "id");
        Objects.requireNonNull(peer, "peer");
        if (legacy && !(peer.name().isEmpty() && peer.id().isEmpty())) {
            throw new IllegalArgumentException("a legacy offer has no peer name or id");
        }
        if (!legacy && peer.id().isEmpty()) {
            throw new IllegalArgumentException("peer.id must not be empty (not a legacy offer)");
        }
        Checks.nonNegative(files, "files");
        Checks.nonNegative(bytes, "bytes");
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException(
                    "names holds at most " + MAX_NAMES + ", got " + names.size());
        }
        Checks.nonNegative(ageSeconds, "ageSeconds");
        Checks.nonNegative(expiresInSeconds, "expiresInSeconds");
    }
}
