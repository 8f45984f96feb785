package dev.tft.control;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 UTC instants ({@code 2026-11-27T01:02:03Z}, optionally with a fraction) without {@code
 * java.time.format}: {@code Instant.parse}/{@code toString} load the formatter machinery, which
 * costs the CLI several milliseconds at start-up. Other forms fall back to the JDK. Output is
 * identical to {@link Instant#toString()}.
 */
final class Instants {
    private Instants() {}

    /** Parses like {@link Instant#parse}; throws {@link DateTimeException} if invalid. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z') {
            return Instant.parse(s);
        }
        long nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                return Instant.parse(s);
            }
            nanos = digits(s, 20, n - 1);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeException("invalid time in " + s);
        }
        long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
        return Instant.ofEpochSecond(day * 86_400 + hour * 3600 + minute * 60 + second, nanos);
    }

    /** Formats like {@link Instant#toString()}. */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return t.toString();
        }
        int secOfDay = Math.floorMod(seconds, 86_400);
        StringBuilder b = new StringBuilder(30);
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2).append('T');
        pad(b, secOfDay / 3600, 2).append(':');
        pad(b, secOfDay / 60 % 60, 2).append(':');
        pad(b, secOfDay % 60, 2);
        int nano = t.getNano();
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                pad(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                pad(b, nano / 1000, 6);
            } else {
                pad(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit at " + i + " in " + s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(v);
    }
}
