package dev.tft.cli;

import dev.tft.control.Escape;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** Human-readable numbers for terminal output. Pure; no String.format (start-up cost). */
final class Format {
    private Format() {}

    /** {@code 512 B}, {@code 1.2 KB}, {@code 3.4 MB}, ... (decimal units, like file managers). */
    static String bytes(double n) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (n >= 1000 && u < units.length - 1) {
            n /= 1000;
            u++;
        }
        return (u == 0 ? Long.toString(Math.round(n)) : oneDecimal(n)) + " " + units[u];
    }

    /** {@code 12.3 MB/s}. */
    static String rate(double bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    /** {@code 3s ago}, {@code 5m ago}, {@code 2h ago}, {@code 4d ago}; {@code never} for null. */
    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86_400) {
            return s / 3600 + "h ago";
        }
        return s / 86_400 + "d ago";
    }

    /** {@code 42s}, {@code 3m 05s}, {@code 2h 03m}, {@code 4d 02h}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + two(seconds % 60) + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + two(seconds / 60 % 60) + "m";
        }
        return seconds / 86_400 + "d " + two(seconds / 3600 % 24) + "h";
    }

    /** {@code 0:05}, {@code 12:34}, {@code 1:02:03}; {@code --:--} if unknown. */
    static String eta(double seconds) {
        if (!(seconds >= 0) || seconds > 359_999) {
            return "--:--";
        }
        long s = (long) Math.ceil(seconds);
        String mmss = (s / 60 % 60) + ":" + two(s % 60);
        return s >= 3600 ? s / 3600 + ":" + two(s / 60 % 60) + ":" + two(s % 60) : mmss;
    }

    /**
     * {@code e3b0 c442 98fc ...}: {@code hex} in blocks of four characters separated by single
     * spaces (the last block is shorter if the length is not a multiple of four).
     */
    static String hexBlocks(String hex) {
        StringBuilder out = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, Math.min(i + 4, hex.length()));
        }
        return out.toString();
    }

    /**
     * {@code 10 minutes}, {@code 1 hour}, {@code 45 seconds}, {@code 1m 30s}: a duration in words
     * when it is a whole number of one unit, else as {@link #duration(long)}.
     */
    static String span(long seconds) {
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return seconds < 60 ? plural(seconds, "second") : duration(seconds);
    }

    /** {@code 1 file}, {@code 3 files}. */
    static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /**
     * A local time, short: {@code 14:32} on the day of {@code now}, else {@code 2026-11-26 14:32}.
     * Hand-formatted: {@code java.time.format} costs start-up time.
     */
    static String localTime(Instant t, Instant now, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        String hhmm = two(local.getHour()) + ":" + two(local.getMinute());
        if (local.toLocalDate().equals(LocalDateTime.ofInstant(now, zone).toLocalDate())) {
            return hhmm;
        }
        return local.getYear()
                + "-"
                + two(local.getMonthValue())
                + "-"
                + two(local.getDayOfMonth())
                + " "
                + hhmm;
    }

    /**
     * Peer-controlled names for a table cell: escaped, joined with {@code ", "} while they fit in
     * {@code max} chars (the one that does not fit is cut with {@code …}, never inside an escape),
     * then {@code (+N more)} for the names not shown, counting up to {@code total}; {@code -} if
     * there are none.
     */
    static String names(List<String> names, long total, int max) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String n : names) {
            String sep = shown == 0 ? "" : ", ";
            int room = max - out.length() - sep.length();
            if (room < 2) {
                break;
            }
            out.append(sep).append(Escape.forTerminal(n, room));
            shown++;
        }
        long more = total - shown;
        if (more > 0) {
            out.append(out.length() == 0 ? "" : " ").append("(+").append(more).append(" more)");
        }
        return out.length() == 0 ? "-" : out.toString();
    }

    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }
}
