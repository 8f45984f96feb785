package dev.tft.control;

import java.time.Instant;
import java.util.Objects;

/**
 * An entry of the daemon's trust store: a device key whose pushes are accepted without asking.
 * Trust is by key; the name is what the peer was called when it was trusted (peer-controlled:
 * escape it before printing).
 *
 * @param id the key-derived peer id (part B <i>Identity</i>); not blank
 * @param name the peer's name when it was trusted, possibly {@code ""}
 * @param fingerprint the device key fingerprint, 64 lowercase hex digits (never empty here)
 * @param since when it was trusted
 */
public record TrustedView(String id, String name, String fingerprint, Instant since) {

    /** Validates. */
    public TrustedView {
        Checks.notBlank(id, "id");
        Objects.requireNonNull(name, "name");
        if (Checks.fingerprint(fingerprint, "fingerprint").isEmpty()) {
            throw new IllegalArgumentException("fingerprint must not be empty");
        }
        Objects.requireNonNull(since, "since");
    }
}
