package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;

/**
 * What the sender's reader thread hands to the pushing thread: a decoded reply frame, or the one
 * {@link End} that says why reading stopped (always the last element).
 */
sealed interface Reply {
    /** A frame from the receiver. */
    record Received(Frame frame) implements Reply {}

    /** Reading stopped: the connection ended or the receiver spoke something else. */
    record End(TransferError error, String message) implements Reply {}
}
