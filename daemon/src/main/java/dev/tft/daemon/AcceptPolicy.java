package dev.tft.daemon;

import java.util.Locale;

/**
 * Whose pushes the receiver stores (config key {@code accept}, flag {@code --accept}). Trusted
 * peers are always stored at once; the policy decides about everyone else.
 */
enum AcceptPolicy {
    /** Refuse every push that is not from a trusted peer, before any payload (sender exit 77). */
    TRUSTED,
    /** Hold other pushes as pending offers until the owner accepts or rejects (the default). */
    ASK,
    /** Store every push, as tft 0.1 did (trusted networks, tests). */
    ANYONE;

    /** The config/wire spelling: {@code trusted}, {@code ask}, {@code anyone}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling; throws {@link IllegalArgumentException} naming the choices. */
    static AcceptPolicy parse(String s) {
        for (AcceptPolicy p : values()) {
            if (p.wireName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "accept must be trusted, ask or anyone, not '" + s + "'");
    }
}
