package dev.tft.cli;

import dev.tft.control.Escape;
import dev.tft.control.OfferView;

/**
 * How {@code pending}, {@code accept} and {@code reject} show an offer. Pure; escapes peer text.
 */
final class Offers {
    private Offers() {}

    /**
     * Who sent it: the peer's name, {@code #} and the start of its id if it sent no name, or {@code
     * legacy push from ADDRESS} (a legacy push carries no identity).
     */
    static String from(OfferView o) {
        if (o.legacy()) {
            return "legacy push from " + Escape.forTerminal(o.peer().address(), 64);
        }
        if (o.peer().name().isEmpty()) {
            String id = o.peer().id();
            return "#" + Escape.forTerminal(id.length() > 8 ? id.substring(0, 8) : id, 8);
        }
        return Escape.forTerminal(o.peer().name(), PeersCommand.NAME_WIDTH);
    }

    /** {@code 3 files, 12.3 MB}. */
    static String size(OfferView o) {
        return Format.plural(o.files(), "file") + ", " + Format.bytes(o.bytes());
    }

    /**
     * One line for the outcome: {@code accepted o-3 from bravo: 3 files, 12.3 MB}, or for a legacy
     * push {@code accepted o-4, a legacy push from 10.0.0.9:51000: 1 file, 5 B}.
     *
     * @param verb {@code accepted} or {@code rejected}
     */
    static String outcome(String verb, OfferView o) {
        String from = o.legacy() ? ", a " + from(o) : " from " + from(o);
        return verb + " " + Escape.forTerminal(o.id(), 32) + from + ": " + size(o);
    }
}
