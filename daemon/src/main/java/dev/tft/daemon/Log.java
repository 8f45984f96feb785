package dev.tft.daemon;

import dev.tft.control.Escape;

/**
 * Logging helpers: every peer-controlled string goes through {@link #safe} before it reaches a log
 * line.
 */
final class Log {
    private Log() {}

    /**
     * Escapes control, bidi and zero-width characters and bounds the length (see {@link Escape}).
     */
    static String safe(String peerControlled) {
        return peerControlled == null ? "" : Escape.forTerminal(peerControlled);
    }
}
