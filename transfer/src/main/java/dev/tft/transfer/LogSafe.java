package dev.tft.transfer;

/**
 * Escapes peer-controlled text before it reaches a log or terminal: everything outside printable
 * ASCII and ordinary letters becomes {@code \xNN} / {@code \u2028}-style escapes, and the result is
 * cut at 200 chars.
 */
final class LogSafe {
    private LogSafe() {}

    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 220));
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else if (c < 0x100 && (c < 0x20 || c >= 0x7F && c < 0xA0)) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (Character.isLetterOrDigit(c)
                    || Character.getType(c) == Character.SPACE_SEPARATOR && c == ' ') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.length() >= 200 ? b + "..." : b.toString();
    }
}
