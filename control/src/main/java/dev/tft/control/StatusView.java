package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * The daemon's answer to {@code status}.
 *
 * @param name this daemon's peer name
 * @param id this daemon's peer id
 * @param fingerprint this daemon's device key fingerprint (64 lowercase hex digits; the id is
 *     derived from it), or "" when read from a daemon older than 0.2
 * @param port the transfer port, 0..65535
 * @param inbox the receive directory (absolute path)
 * @param version the daemon's version string
 * @param uptimeSeconds seconds since start, >= 0
 * @param transfers active transfers, possibly empty
 * @param policy whose pushes the daemon accepts; <b>null</b> when read from a daemon older than
 *     0.3, which reports none and stores every push: treat that as {@link PolicyView#PRE_CONSENT}
 *     ({@link #effectivePolicy()}) but show it as "unknown"
 */
public record StatusView(
        String name,
        String id,
        String fingerprint,
        int port,
        String inbox,
        String version,
        long uptimeSeconds,
        List<TransferView> transfers,
        PolicyView policy) {

    /** Validates and copies. */
    public StatusView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Checks.fingerprint(fingerprint, "fingerprint");
        Checks.port(port, "port");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(version, "version");
        Checks.nonNegative(uptimeSeconds, "uptimeSeconds");
        transfers = List.copyOf(Objects.requireNonNull(transfers, "transfers"));
    }

    /**
     * A status without a policy, as from a daemon older than 0.3: the constructor of 0.2, kept so
     * that code written before the accept policy compiles.
     *
     * @deprecated pass {@code policy} explicitly; a daemon always reports its policy
     */
    @Deprecated
    public StatusView(
            String name,
            String id,
            String fingerprint,
            int port,
            String inbox,
            String version,
            long uptimeSeconds,
            List<TransferView> transfers) {
        this(name, id, fingerprint, port, inbox, version, uptimeSeconds, transfers, null);
    }

    /** {@link #policy()}, or {@link PolicyView#PRE_CONSENT} if the daemon reported none. */
    public PolicyView effectivePolicy() {
        return policy == null ? PolicyView.PRE_CONSENT : policy;
    }
}
