package dev.tft.control;

/** Argument checks shared by the records; messages name the field and the bad value. */
final class Checks {
    /** Length of a fingerprint: hex SHA-256. */
    static final int FINGERPRINT_LENGTH = 64;

    private Checks() {}

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    static double nonNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /**
     * A device key fingerprint: 64 lowercase hex digits, or "" for "unknown". Validated so that a
     * client can print it as is.
     */
    static String fingerprint(String value, String field) {
        java.util.Objects.requireNonNull(value, field);
        if (value.isEmpty()) {
            return value;
        }
        boolean ok = value.length() == FINGERPRINT_LENGTH;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    field
                            + " must be 64 lowercase hex digits or empty, got "
                            + value.length()
                            + " chars");
        }
        return value;
    }

    /** Non-null and not blank (empty or only whitespace). */
    static String notBlank(String value, String field) {
        java.util.Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** One of {@code allowed}; the message lists them. */
    static String oneOf(String value, String field, String... allowed) {
        java.util.Objects.requireNonNull(value, field);
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                field
                        + " must be one of "
                        + String.join(", ", allowed)
                        + ", got \""
                        + value
                        + "\"");
    }

    /** {@code min <= value <= max}. */
    static int range(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " out of range " + min + ".." + max + ": " + value);
        }
        return value;
    }

    static int port(int port, String field) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(field + " out of range 0..65535: " + port);
        }
        return port;
    }
}
