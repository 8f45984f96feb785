package dev.tft.control;

/** Argument checks shared by the records; messages name the field and the bad value. */
final class Checks {
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

    static int port(int port, String field) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(field + " out of range 0..65535: " + port);
        }
        return port;
    }
}
