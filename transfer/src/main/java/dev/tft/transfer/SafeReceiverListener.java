package dev.tft.transfer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Shields the receive path from a throwing {@link ReceiverListener}: exceptions are logged and
 * dropped, so a listener bug never fails a transfer. Thread-safe if the delegate is.
 */
final class SafeReceiverListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeReceiverListener.class);
    private final ReceiverListener delegate;

    SafeReceiverListener(ReceiverListener delegate) {
        this.delegate = delegate;
    }

    void received(ReceivedFile f) {
        try {
            delegate.fileReceived(f);
        } catch (RuntimeException e) {
            LOG.error("receiver listener threw", e);
        }
    }

    void pushEnded(
            IncomingPush push, List<ReceivedFile> stored, TransferError error, String message) {
        try {
            delegate.pushEnded(push, stored, error, message);
        } catch (RuntimeException e) {
            LOG.error("receiver listener threw", e);
        }
    }

    void failed(String peer, String file, TransferError error, String message) {
        try {
            delegate.transferFailed(peer, file, error, message);
        } catch (RuntimeException e) {
            LOG.error("receiver listener threw", e);
        }
    }
}
