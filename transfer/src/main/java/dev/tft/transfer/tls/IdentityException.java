package dev.tft.transfer.tls;

/**
 * The stored device identity cannot be used and tft will not replace it on its own: replacing it
 * would silently change this device's peer id, and every peer that trusted the old key would have
 * to trust the new one. The message is one line that says what is wrong and what the user can do;
 * it names the file but never contains key material. Control characters in it (say, from a path)
 * are escaped ({@code \x0a} for a newline) so it stays one line.
 */
public final class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An identity problem described by {@code message} (one line once escaped). */
    public IdentityException(String message) {
        super(oneLine(message));
    }

    /**
     * An identity problem described by {@code message}, caused by {@code cause}. Pass a cause only
     * if its own message cannot contain secrets.
     */
    public IdentityException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
