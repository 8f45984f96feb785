package dev.tft.discovery;

/**
 * Bounds and neutralises peer-controlled text (names, TXT values) so it is safe in a terminal or a
 * log line: control characters, bidi overrides and other format characters become U+FFFD, and the
 * result is cut to a maximum number of code points. Stateless, thread-safe.
 */
public final class SafeText {

    private static final int LOG_MAX = 80;

    private SafeText() {}

    /**
     * Replaces C0/C1 controls, DEL, and Unicode format characters (bidi overrides, zero-width
     * joiners) by U+FFFD and truncates to {@code maxCodePoints}. Null becomes "".
     */
    public static String clean(String text, int maxCodePoints) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints));
        int count = 0;
        for (int i = 0; i < text.length() && count < maxCodePoints; count++) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out.appendCodePoint(isUnsafe(cp) ? 0xFFFD : cp);
        }
        return out.toString();
    }

    /** {@link #clean} with a short bound, for log messages. */
    public static String forLog(String text) {
        return clean(text, LOG_MAX);
    }

    private static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED
                || cp == 0x2028
                || cp == 0x2029;
    }
}
