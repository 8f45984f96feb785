package dev.tft.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One sent or received push, as kept in {@link History}. Immutable and validated on construction.
 *
 * <p>Peer-controlled fields ({@code peerName}, {@code peerId}, {@code stored}, {@code message}) are
 * stored as received, control characters and all: escape them (with {@link dev.tft.control.Escape})
 * when showing them, never when storing them. Text longer than its bound is rejected, not cut: use
 * {@link #clip} when building an entry from peer text.
 *
 * @param time when the push ended
 * @param direction {@link Direction#IN} for a push this daemon received, {@link Direction#OUT} for
 *     one it sent
 * @param peerName the other side's name as it announced it (at most {@value #MAX_PEER_NAME} chars),
 *     "" if unknown
 * @param peerId the other side's stable id (at most {@value #MAX_PEER_ID} chars), "" if unknown
 * @param address the other side's address, e.g. {@code 192.0.2.7:5001} (at most {@value
 *     #MAX_ADDRESS} chars), "" if unknown
 * @param legacy true if the push used the seed's legacy (clear text) protocol
 * @param files files offered in the push, {@code >= 0}
 * @param bytes bytes transferred, {@code >= 0}
 * @param result how the push ended
 * @param stored the names the files were stored under (for {@code OUT}: the names the receiver
 *     reported), in order; only the first {@value #MAX_STORED} are kept, each at most {@value
 *     #MAX_NAME} chars
 * @param message a short explanation for a push that did not store everything (at most {@value
 *     #MAX_MESSAGE} chars), "" if none
 */
record HistoryEntry(
        Instant time,
        Direction direction,
        String peerName,
        String peerId,
        String address,
        boolean legacy,
        int files,
        long bytes,
        Result result,
        List<String> stored,
        String message) {

    /** Longest peer name kept, in chars (mDNS names are at most 63 bytes; room to spare). */
    static final int MAX_PEER_NAME = 128;

    /** Longest peer id kept, in chars. */
    static final int MAX_PEER_ID = 128;

    /** Longest address kept, in chars (a scoped IPv6 literal with a port fits easily). */
    static final int MAX_ADDRESS = 128;

    /** Longest stored name kept, in chars. */
    static final int MAX_NAME = 1024;

    /** Longest message kept, in chars. */
    static final int MAX_MESSAGE = 300;

    /** Stored names kept per entry; a push of 10,000 files must not make a 10 MB history line. */
    static final int MAX_STORED = 100;

    /** Which way the push went, seen from this daemon. */
    enum Direction {
        IN,
        OUT
    }

    /** How a push ended. */
    enum Result {
        /** Every offered file was stored. */
        STORED,
        /** The receiver (or its user) refused the push. */
        REJECTED,
        /** An error ended the push; some files may have been stored. */
        FAILED,
        /** A user cancelled the push; some files may have been stored. */
        CANCELLED
    }

    /**
     * Validates; copies {@code stored}, keeping its first {@value #MAX_STORED} names.
     *
     * @throws NullPointerException if any argument or stored name is null
     * @throws IllegalArgumentException if a count is negative or a text is over its bound
     */
    HistoryEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        bounded(peerName, MAX_PEER_NAME, "peerName");
        bounded(peerId, MAX_PEER_ID, "peerId");
        bounded(address, MAX_ADDRESS, "address");
        if (files < 0) {
            throw new IllegalArgumentException("files must be >= 0, got " + files);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(stored, "stored");
        // List.copyOf rejects null elements; subList first so a huge list is not copied whole.
        stored = List.copyOf(stored.size() > MAX_STORED ? stored.subList(0, MAX_STORED) : stored);
        for (String name : stored) {
            bounded(name, MAX_NAME, "stored name");
        }
        bounded(message, MAX_MESSAGE, "message");
    }

    /**
     * {@code text} cut to at most {@code max} chars (never between the two halves of a surrogate
     * pair); null becomes "". For building entries from peer text, which may be longer than the
     * bounds.
     */
    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static void bounded(String text, int max, String field) {
        Objects.requireNonNull(text, field);
        if (text.length() > max) {
            throw new IllegalArgumentException(
                    field + " longer than " + max + " chars: " + text.length());
        }
    }
}
