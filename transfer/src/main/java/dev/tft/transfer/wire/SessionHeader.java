package dev.tft.transfer.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The native session header: who is sending. Peer ids are 1–64 characters of {@code
 * [A-Za-z0-9._:-]}; display names are 0–128 UTF-8 bytes without control characters. Immutable;
 * invalid values throw {@link IllegalArgumentException}.
 */
public record SessionHeader(int version, String peerId, String displayName) {
    public SessionHeader {
        if (version < 1 || version > 0xFFFF) {
            throw new IllegalArgumentException("version " + version + " out of range");
        }
        checkIdentity(peerId, displayName);
    }

    /**
     * Validates a peer id and display name; throws {@link IllegalArgumentException} naming the bad
     * one.
     */
    public static void checkIdentity(String peerId, String displayName) {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(displayName, "displayName");
        if (peerId.isEmpty() || peerId.length() > Protocol.MAX_PEER_ID) {
            throw new IllegalArgumentException(
                    "peerId length " + peerId.length() + " not in 1.." + Protocol.MAX_PEER_ID);
        }
        for (int i = 0; i < peerId.length(); i++) {
            char c = peerId.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == ':'
                            || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(
                        "peerId has character U+" + Integer.toHexString(c));
            }
        }
        if (displayName.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_DISPLAY_NAME) {
            throw new IllegalArgumentException(
                    "displayName longer than " + Protocol.MAX_DISPLAY_NAME + " bytes");
        }
        for (int i = 0; i < displayName.length(); i++) {
            char c = displayName.charAt(i);
            if (Character.isISOControl(c)
                    || Character.isSurrogate(c) && !validSurrogateAt(displayName, i)) {
                throw new IllegalArgumentException(
                        "displayName has character U+" + Integer.toHexString(c));
            }
        }
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
