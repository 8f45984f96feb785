package dev.tft.control;

import java.time.Instant;

/**
 * Whose pushes the daemon accepts: the reply to {@code open} and a part of {@link StatusView}.
 *
 * <ul>
 *   <li>{@code trusted}: pushes from peers in the trust store are stored, all others refused;
 *   <li>{@code ask} (the default): trusted peers are stored, others wait as pending offers until
 *       the owner accepts or rejects them;
 *   <li>{@code anyone}: every push is stored (what a daemon older than 0.3 does).
 * </ul>
 *
 * <p>While an {@code open} window is in force ({@code openUntil} is not null) pushes from anyone
 * are stored whatever {@code accept} says; {@code accept} is the configured policy that applies
 * again when the window ends.
 *
 * @param accept {@link #TRUSTED}, {@link #ASK} or {@link #ANYONE}
 * @param openUntil the end of the open window, or null if none is in force
 */
public record PolicyView(String accept, Instant openUntil) {
    /** Only trusted peers. */
    public static final String TRUSTED = "trusted";

    /** Trusted peers; others wait for the owner's decision. The default. */
    public static final String ASK = "ask";

    /** Everybody. */
    public static final String ANYONE = "anyone";

    /**
     * What a daemon older than 0.3, which reports no policy, does: store every push. Clients show
     * it as "unknown" (see {@link StatusView#policy()}).
     */
    public static final PolicyView PRE_CONSENT = new PolicyView(ANYONE, null);

    /** Validates. */
    public PolicyView {
        Checks.oneOf(accept, "accept", TRUSTED, ASK, ANYONE);
    }
}
