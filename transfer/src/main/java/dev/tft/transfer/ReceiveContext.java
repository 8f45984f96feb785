package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a receive session needs from its receiver, and nothing else: the inbox, the limits, the
 * listener (shielded), the registry of files in flight and the rate-limited peer log. Sessions get
 * it explicitly, so they can be driven without a socket or a {@link Receiver} (conversation tests).
 * Thread-safe: shared by every connection thread of one receiver.
 */
final class ReceiveContext {
    final Inbox inbox;
    final ReceiverLimits limits;
    final SafeReceiverListener listener;
    final RateLimitedLog peerLog;
    private final Set<FileProgress> active = ConcurrentHashMap.newKeySet();

    ReceiveContext(
            Inbox inbox, ReceiverLimits limits, ReceiverListener listener, RateLimitedLog peerLog) {
        this.inbox = inbox;
        this.limits = limits;
        this.listener = new SafeReceiverListener(listener);
        this.peerLog = peerLog;
    }

    /** Registers a file in flight until {@link #finished}. */
    void started(FileProgress p) {
        active.add(p);
    }

    void finished(FileProgress p) {
        active.remove(p);
    }

    List<ActiveTransfer> activeTransfers() {
        List<ActiveTransfer> out = new ArrayList<>();
        for (FileProgress p : active) {
            out.add(p.snapshot());
        }
        return out;
    }

    /** The idle timeout in nanoseconds (the deadline between two reads once a header is in). */
    long idleNanos() {
        return limits.idleTimeout().toNanos();
    }

    /**
     * Throws TOO_LARGE / NO_SPACE for a file of {@code size} with {@code have} bytes already kept.
     */
    void checkSize(long size, long have) throws ProtocolException {
        if (size > limits.maxFileSize()) {
            throw new ProtocolException(
                    Protocol.E_TOO_LARGE,
                    size + " bytes is above the limit of " + limits.maxFileSize());
        }
        long usable;
        try {
            usable = inbox.usableSpace();
        } catch (IOException e) {
            throw new ProtocolException(Protocol.E_IO_ERROR, "cannot read free space");
        }
        if (size - have > usable - limits.freeSpaceReserve()) {
            throw new ProtocolException(
                    Protocol.E_NO_SPACE, "not enough free space for " + size + " bytes");
        }
    }
}
