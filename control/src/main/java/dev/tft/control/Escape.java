package dev.tft.control;

/**
 * Makes peer-controlled text safe to show on a terminal or write to a log (CVE-2019-6109,
 * CVE-2023-43620: ANSI escapes in names hide files from the user).
 *
 * <p>Escaped as {@code \xNN}: C0 controls (including newline and tab), DEL and C1 controls. Escaped
 * as <code>&#92;u{NNNN}</code>: format characters (bidi controls such as U+202E, zero-width
 * characters, BOM, soft hyphen), line/paragraph separators, invisible fillers and lone surrogates.
 * A backslash becomes {@code \\}, so escaped output is unambiguous. Everything else, including
 * ordinary non-ASCII text, passes through. Pure and thread-safe.
 */
public final class Escape {
    /** Default maximum length of the result in chars, including the ellipsis. */
    public static final int DEFAULT_MAX_LENGTH = 256;

    private static final char ELLIPSIS = '\u2026';

    private Escape() {}

    /**
     * Escapes {@code text} and truncates it to {@link #DEFAULT_MAX_LENGTH} chars.
     *
     * @param text peer-controlled text; null is shown as the empty string
     */
    public static String forTerminal(String text) {
        return forTerminal(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Escapes {@code text}; if the result would be longer than {@code maxLength} chars it is cut
     * (never inside an escape or a surrogate pair) and ends with {@code …}.
     *
     * @param text peer-controlled text; null is shown as the empty string
     * @param maxLength at least 2
     */
    public static String forTerminal(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2, got " + maxLength);
        }
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String unit = unit(text, i, cp);
            boolean last = i + Character.charCount(cp) >= text.length();
            // Keep one char for the ellipsis unless this unit is the last one.
            int room = last ? maxLength : maxLength - 1;
            if (out.length() + unit.length() > room) {
                return out.append(ELLIPSIS).toString();
            }
            out.append(unit);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String unit(String text, int i, int cp) {
        if (cp == '\\') {
            return "\\\\";
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            return "\\x" + hex(cp, 2);
        }
        if (isInvisible(cp)) {
            return "\\u{" + hex(cp, 4) + "}";
        }
        return text.substring(i, i + Character.charCount(cp));
    }

    /** Upper-case hex, zero-padded to {@code width}; no String.format (regex at start-up). */
    private static String hex(int cp, int width) {
        String h = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT // bidi controls, zero-width chars, BOM, soft hyphen
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE // only lone surrogates reach here
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x3164
                || cp == 0xFFA0 // Hangul fillers
                || cp == 0x180E
                || cp == 0x034F; // Mongolian vowel separator, grapheme joiner
    }
}
