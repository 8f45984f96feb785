package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;

/**
 * The byte side of one receive session: buffered input, buffered replies and the deadline guard.
 * Whatever carries the bytes (plain TCP, TLS, an in-memory pipe in tests) sits below {@code in} and
 * {@code out}. Confined to its connection thread.
 */
final class SessionIo {
    final ChannelInput in;
    final ReplyWriter out;
    final Watchdog.Guard guard;
    private final long idleNanos;

    SessionIo(ChannelInput in, ReplyWriter out, Watchdog.Guard guard, long idleNanos) {
        this.in = in;
        this.out = out;
        this.guard = guard;
        this.idleNanos = idleNanos;
    }

    /** Reads one whole frame (blocking). */
    Frame readFrame() throws IOException {
        in.require(Protocol.FRAME_HEADER_SIZE);
        int size = WireCodec.frameSize(in.buffer());
        in.require(size);
        return WireCodec.decode(in.buffer());
    }

    /** Lifts the deadline during slow local work (re-hashing, fsync): the peer is not at fault. */
    void localWork() {
        guard.suspend();
    }

    /** Restores the idle deadline after {@link #localWork}. */
    void peerTurn() {
        guard.extend(idleNanos);
    }
}
